;; Data-local task: the count-weighted mean of one channel over a time range, read from the gateway's local store
;; through ec.query_windows. Host ABI: docs/wasm-abi.md. Input and output: sum-windows.md.
(module
  (import "ec" "query_windows"
    (func $query_windows (param i32 i32 i64 i64 i32 i32) (result i32)))
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

  ;; Input: i64 from_ms, i64 to_ms, then the channel name (ASCII, 1 to 16 bytes).
  ;; Output: four little-endian i64: windows found, readings, mean mantissa, exponent.
  (func (export "run") (param $in i32) (param $len i32) (result i64)
    (local $buf i32) (local $found i32) (local $written i32) (local $i i32) (local $rec i32)
    (local $count i64) (local $readings i64) (local $sum i64) (local $mean i64) (local $exponent i64) (local $out i32)
    (if (i32.lt_u (local.get $len) (i32.const 17)) (then unreachable))
    (local.set $buf (call $alloc (i32.const 229376)))            ;; room for 4096 records of 56 bytes
    (if (i32.eq (local.get $buf) (i32.const -1)) (then unreachable))
    (local.set $found
      (call $query_windows
        (i32.add (local.get $in) (i32.const 16)) (i32.sub (local.get $len) (i32.const 16))
        (i64.load offset=0 (local.get $in)) (i64.load offset=8 (local.get $in))
        (local.get $buf) (i32.const 229376)))
    (if (i32.lt_s (local.get $found) (i32.const 0)) (then unreachable))
    (local.set $written
      (select (local.get $found) (i32.const 4096) (i32.lt_s (local.get $found) (i32.const 4096))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_s (local.get $i) (local.get $written)))
        (local.set $rec (i32.add (local.get $buf) (i32.mul (local.get $i) (i32.const 56))))
        (local.set $count (i64.load offset=16 (local.get $rec)))
        (local.set $readings (i64.add (local.get $readings) (local.get $count)))
        (local.set $sum (i64.add (local.get $sum) (i64.mul (i64.load offset=40 (local.get $rec)) (local.get $count))))
        (if (i32.eqz (local.get $i))
          (then (local.set $exponent (i64.load32_s offset=12 (local.get $rec)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    ;; mean = sum / readings, rounded half away from zero (the protocol's rule).
    (if (i64.gt_s (local.get $readings) (i64.const 0))
      (then
        (local.set $mean
          (i64.div_s
            (i64.add
              (i64.mul (i64.const 2) (select (local.get $sum) (i64.sub (i64.const 0) (local.get $sum)) (i64.ge_s (local.get $sum) (i64.const 0))))
              (local.get $readings))
            (i64.mul (i64.const 2) (local.get $readings))))
        (if (i64.lt_s (local.get $sum) (i64.const 0))
          (then (local.set $mean (i64.sub (i64.const 0) (local.get $mean)))))))
    (local.set $out (call $alloc (i32.const 32)))
    (if (i32.eq (local.get $out) (i32.const -1)) (then unreachable))
    (i64.store offset=0 (local.get $out) (i64.extend_i32_u (local.get $found)))
    (i64.store offset=8 (local.get $out) (local.get $readings))
    (i64.store offset=16 (local.get $out) (local.get $mean))
    (i64.store offset=24 (local.get $out) (local.get $exponent))
    (i64.or (i64.shl (i64.extend_i32_u (local.get $out)) (i64.const 32)) (i64.const 32)))
)
