// Run DAISY Ace over many EPUBs in one Node process (Ace's CLI takes one book per process).
// Usage: NODE_PATH=<global @daisy/ace>/node_modules node ace_many.js OUTDIR BOOK.epub...
// Prints one JSON line per book: {"path", "outcome", "violations": [{rule, impact, title, file}]}.
'use strict';

const path = require('path');
const logger = require('@daisy/ace-logger');
const ace = require('@daisy/ace-core');
const axeRunner = require('@daisy/ace-axe-runner-puppeteer');

async function main() {
  const [outRoot, ...books] = process.argv.slice(2);
  logger.initLogger({ verbose: false, silent: true });
  for (const [index, book] of books.entries()) {
    const line = { path: book, outcome: 'error', violations: [] };
    try {
      const outdir = path.join(outRoot, String(index));
      const [, report] = await ace(path.resolve(book), { cwd: process.cwd(), outdir, silent: true, jobId: '' }, axeRunner);
      line.outcome = report['earl:result']['earl:outcome'];
      for (const subject of report.assertions || []) {
        for (const assertion of subject.assertions || []) {
          if (assertion['earl:result']['earl:outcome'] !== 'fail') continue;
          line.violations.push({
            rule: assertion['earl:test']['dct:title'],
            impact: assertion['earl:test']['earl:impact'],
            title: assertion['earl:test']['dct:description'] || '',
            file: subject['earl:testSubject'] ? subject['earl:testSubject'].url : '',
          });
        }
      }
    } catch (err) {
      line.error = String(err && err.message ? err.message : err);
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
  process.exit(0);
}

main();
