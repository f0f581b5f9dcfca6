// Writes COUNT test signals for the spectrum module: 65,536 little-endian f32 samples each (256 KiB), a few tones of
// seeded frequencies and amplitudes plus seeded noise, named signal-000.f32 … . Usage:
//   node make-inputs.mjs --count 50 --seed 7 --out inputs
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []));
const count = Number(args.count ?? 50);
const seed = Number(args.seed ?? 7);
const out = args.out ?? "inputs";
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error("usage: node make-inputs.mjs --count N --seed S --out DIR");
  process.exit(2);
}

// SplitMix32-style generator: the same files for the same seed on every machine.
let state = seed >>> 0;
const next = () => {
  state = (state + 0x9e3779b9) >>> 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
};

const N = 65536;
mkdirSync(out, { recursive: true });
for (let s = 0; s < count; s++) {
  const tones = Array.from({ length: 3 }, () => ({ bin: 1 + Math.floor(next() * 32000), amplitude: 0.2 + next() }));
  const samples = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    let x = (next() - 0.5) * 0.1;
    for (const t of tones) x += t.amplitude * Math.sin((2 * Math.PI * t.bin * i) / N);
    samples[i] = x;
  }
  writeFileSync(join(out, `signal-${String(s).padStart(3, "0")}.f32`), Buffer.from(samples.buffer));
}
console.log(`${count} signals of ${N * 4} bytes in ${out}/ (seed ${seed})`);
