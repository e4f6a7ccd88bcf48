// artifact-flow CLI entry (filled in by the engine work).
process.stdout.write('artifact-flow: not built yet\n');
