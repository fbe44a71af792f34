// The services' NODE_OPTIONS, as the Docker image sets them (test/unit/compose-and-image.test.ts
// checks that the Dockerfile says the same). Node 24's V8 sizes the young generation from the heap
// cap: with 128 MB alone it chose semi-spaces so small that short-lived request garbage was promoted
// and the old generation was collected over and over (73.6% of the bot's CPU in the garbage collector
// at 1,286 slash commands/s; 6,628/s with 4 MB semi-spaces). 4 MB keeps every process under 150 MB
// RSS after the benchmark's growth runs (8 MB: up to 152.8). docs/BENCHMARKS.md, "Memory".
export const SERVICE_NODE_OPTIONS = '--max-old-space-size=128 --max-semi-space-size=4';
