;; Mandelbrot tile renderer: one tile of an 8-bit grayscale image, integer fixed-point (Q24) arithmetic only,
;; so every host computes the same bytes. Host ABI: docs/wasm-abi.md. Input and output: mandelbrot.md.
(module
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  ;; Bump allocator: 8-byte aligned, grows memory as needed, returns -1 when memory cannot grow.
  (func $alloc (export "alloc") (param $len i32) (result i32)
    (local $ptr i32) (local $end i32) (local $have i32)
    (local.set $ptr (global.get $heap))
    (local.set $end (i32.and (i32.add (i32.add (local.get $ptr) (local.get $len)) (i32.const 7)) (i32.const -8)))
    (if (i32.lt_u (local.get $end) (local.get $ptr)) (then (return (i32.const -1))))
    (local.set $have (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $have)) (i32.const 65535)) (i32.const 16)))
              (i32.const -1))
          (then (return (i32.const -1))))))
    (global.set $heap (local.get $end))
    (local.get $ptr))

  ;; Iterations before z = z^2 + c escapes |z| > 2, at most $max. Q24 fixed point in i64.
  (func $escape (param $cr i64) (param $ci i64) (param $max i32) (result i32)
    (local $zr i64) (local $zi i64) (local $zr2 i64) (local $zi2 i64) (local $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $n) (local.get $max)))
        (local.set $zr2 (i64.shr_s (i64.mul (local.get $zr) (local.get $zr)) (i64.const 24)))
        (local.set $zi2 (i64.shr_s (i64.mul (local.get $zi) (local.get $zi)) (i64.const 24)))
        (br_if $done (i64.gt_s (i64.add (local.get $zr2) (local.get $zi2)) (i64.const 67108864))) ;; 4 << 24
        (local.set $zi (i64.add (i64.shr_s (i64.mul (local.get $zr) (local.get $zi)) (i64.const 23)) (local.get $ci)))
        (local.set $zr (i64.add (i64.sub (local.get $zr2) (local.get $zi2)) (local.get $cr)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $n))

  ;; Input: seven little-endian i32: x0, y0, width, height, image width, image height, max iterations.
  ;; Output: width * height bytes, row by row.
  (func (export "run") (param $in i32) (param $len i32) (result i64)
    (local $x0 i32) (local $y0 i32) (local $w i32) (local $h i32) (local $iw i32) (local $ih i32) (local $max i32)
    (local $out i32) (local $x i32) (local $y i32) (local $n i32) (local $cr i64) (local $ci i64) (local $size i64)
    (if (i32.lt_u (local.get $len) (i32.const 28)) (then unreachable))
    (local.set $x0 (i32.load offset=0 (local.get $in)))
    (local.set $y0 (i32.load offset=4 (local.get $in)))
    (local.set $w (i32.load offset=8 (local.get $in)))
    (local.set $h (i32.load offset=12 (local.get $in)))
    (local.set $iw (i32.load offset=16 (local.get $in)))
    (local.set $ih (i32.load offset=20 (local.get $in)))
    (local.set $max (i32.load offset=24 (local.get $in)))
    ;; Every field must be usable: positive sizes, 1 to 1,000,000 iterations, a tile inside the image, at most 16 MiB of output.
    (if (i32.or (i32.or (i32.le_s (local.get $w) (i32.const 0)) (i32.le_s (local.get $h) (i32.const 0)))
                (i32.or (i32.le_s (local.get $iw) (i32.const 0)) (i32.le_s (local.get $ih) (i32.const 0))))
      (then unreachable))
    (if (i32.or (i32.or (i32.le_s (local.get $max) (i32.const 0)) (i32.gt_s (local.get $max) (i32.const 1000000))) (i32.or (i32.lt_s (local.get $x0) (i32.const 0)) (i32.lt_s (local.get $y0) (i32.const 0))))
      (then unreachable))
    (if (i32.or (i64.gt_s (i64.add (i64.extend_i32_s (local.get $x0)) (i64.extend_i32_s (local.get $w))) (i64.extend_i32_s (local.get $iw)))
                (i64.gt_s (i64.add (i64.extend_i32_s (local.get $y0)) (i64.extend_i32_s (local.get $h))) (i64.extend_i32_s (local.get $ih))))
      (then unreachable))
    (local.set $size (i64.mul (i64.extend_i32_s (local.get $w)) (i64.extend_i32_s (local.get $h))))
    (if (i64.gt_u (local.get $size) (i64.const 16777216)) (then unreachable))
    (local.set $out (call $alloc (i32.wrap_i64 (local.get $size))))
    (if (i32.eq (local.get $out) (i32.const -1)) (then unreachable))
    (local.set $y (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $h)))
        ;; ci = -1.25 + 2.5 * (y0 + y) / image height
        (local.set $ci (i64.add (i64.const -20971520)
          (i64.div_s (i64.mul (i64.extend_i32_s (i32.add (local.get $y0) (local.get $y))) (i64.const 41943040))
                     (i64.extend_i32_s (local.get $ih)))))
        (local.set $x (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_s (local.get $x) (local.get $w)))
            ;; cr = -2.5 + 3.5 * (x0 + x) / image width
            (local.set $cr (i64.add (i64.const -41943040)
              (i64.div_s (i64.mul (i64.extend_i32_s (i32.add (local.get $x0) (local.get $x))) (i64.const 58720256))
                         (i64.extend_i32_s (local.get $iw)))))
            (local.set $n (call $escape (local.get $cr) (local.get $ci) (local.get $max)))
            ;; Gray: 0 inside the set, otherwise 255 * n / max.
            (i32.store8
              (i32.add (local.get $out) (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)))
              (if (result i32) (i32.ge_u (local.get $n) (local.get $max))
                (then (i32.const 0))
                (else (i32.div_u (i32.mul (local.get $n) (i32.const 255)) (local.get $max)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32)) (local.get $size)))
)
