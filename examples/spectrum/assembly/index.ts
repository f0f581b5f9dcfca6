// The power spectrum of one signal, for EdgeCompute's WebAssembly host ABI (docs/wasm-abi.md):
//   input  65,536 samples, little-endian f32 (262,144 bytes);
//   output [u32 peak bin][f64 total power][f32 × 1,024 band powers] = 4,108 bytes, little-endian.
// It windows the signal (Hann), runs a 65,536-point radix-2 FFT from the embedded twiddle table, and sums the power of
// the 32,768 positive-frequency bins into 1,024 bands of 32. An input of any other length traps (unreachable), which the
// coordinator reproduces and reports as the module's own failure.
import { N, HANN, COS, SIN } from "./tables";

const HALF: i32 = N >> 1;
const BANDS: i32 = 1024;
const PER_BAND: i32 = HALF / BANDS;
const OUTPUT_BYTES: i32 = 4 + 8 + BANDS * 4;

// Replaces AssemblyScript's default `env.abort` import: a module may import only the host's `ec` functions.
function abort(message: usize, fileName: usize, line: u32, column: u32): void {
  unreachable();
}

export function alloc(length: i32): i32 {
  return <i32>heap.alloc(<usize>length);
}

export function run(input: i32, length: i32): i64 {
  if (length != N * 4) unreachable();
  const re = heap.alloc(<usize>N << 3);
  const im = heap.alloc(<usize>N << 3);

  // Window the samples into bit-reversed order (16 bits).
  for (let i: i32 = 0; i < N; i++) {
    let j: u32 = <u32>i;
    j = ((j >> 1) & 0x5555) | ((j & 0x5555) << 1);
    j = ((j >> 2) & 0x3333) | ((j & 0x3333) << 2);
    j = ((j >> 4) & 0x0f0f) | ((j & 0x0f0f) << 4);
    j = ((j >> 8) & 0x00ff) | ((j & 0x00ff) << 8);
    const x = <f64>load<f32>(<usize>input + (<usize>i << 2)) * unchecked(HANN[i]);
    store<f64>(re + (<usize>j << 3), x);
    store<f64>(im + (<usize>j << 3), 0.0);
  }

  // Iterative radix-2 decimation in time.
  for (let size: i32 = 2; size <= N; size <<= 1) {
    const half = size >> 1;
    const step = N / size;
    for (let start: i32 = 0; start < N; start += size) {
      for (let k: i32 = 0; k < half; k++) {
        const wr = unchecked(COS[k * step]);
        const wi = unchecked(SIN[k * step]);
        const a = <usize>(start + k) << 3;
        const b = <usize>(start + k + half) << 3;
        const br = load<f64>(re + b);
        const bi = load<f64>(im + b);
        const tr = br * wr - bi * wi;
        const ti = br * wi + bi * wr;
        const ar = load<f64>(re + a);
        const ai = load<f64>(im + a);
        store<f64>(re + b, ar - tr);
        store<f64>(im + b, ai - ti);
        store<f64>(re + a, ar + tr);
        store<f64>(im + a, ai + ti);
      }
    }
  }

  // Band powers, the peak bin and the total power of the positive frequencies.
  const out = heap.alloc(<usize>OUTPUT_BYTES);
  let peak: i32 = 0;
  let peakPower: f64 = -1.0;
  let total: f64 = 0.0;
  for (let band: i32 = 0; band < BANDS; band++) {
    let sum: f64 = 0.0;
    for (let n: i32 = 0; n < PER_BAND; n++) {
      const k = band * PER_BAND + n;
      const r = load<f64>(re + (<usize>k << 3));
      const i = load<f64>(im + (<usize>k << 3));
      const p = r * r + i * i;
      if (p > peakPower) {
        peakPower = p;
        peak = k;
      }
      sum += p;
    }
    total += sum;
    store<f32>(out + 12 + (<usize>band << 2), <f32>sum);
  }
  store<u32>(out, <u32>peak);
  store<f64>(out + 4, total);
  return (<i64>out << 32) | <i64>OUTPUT_BYTES;
}
