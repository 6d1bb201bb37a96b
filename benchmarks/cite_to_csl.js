// citation.js as a peer: read a .bib file, write CSL-JSON. Usage: node cite_to_csl.js IN.bib OUT.json
const fs = require('fs')
const path = require('path')
const modules = path.join(__dirname, '.work', 'node', 'node_modules')
const { Cite } = require(path.join(modules, '@citation-js/core'))
require(path.join(modules, '@citation-js/plugin-bibtex'))
require(path.join(modules, '@citation-js/plugin-csl'))

const [input, output] = process.argv.slice(2)
const cite = new Cite(fs.readFileSync(input, 'utf8'), { generateGraph: false })
fs.writeFileSync(output, cite.format('data'))
