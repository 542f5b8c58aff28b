// Reads each feed file named on the command line with the Podcast Index's own
// parser (podcast-partytime) and prints one JSON object: {path: parsed feed}.
// A feed partytime cannot parse maps to null. Used by tests/feeds/test_parsers.py.
import { readFileSync } from "node:fs";
import { parseFeed } from "podcast-partytime";

process.env.LOG = process.env.LOG || "silent";
const parsed = {};
for (const path of process.argv.slice(2)) {
  parsed[path] = parseFeed(readFileSync(path, "utf8"));
}
process.stdout.write(JSON.stringify(parsed));
