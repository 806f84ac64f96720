;; The shared scan's inner loop (anchors.ts): the Aho-Corasick automaton stepped over a text's
;; bytes, one per character (narrow() makes them from the UTF-16 text), in WebAssembly, where one
;; step is a few machine instructions (about three times faster than the same loop in JavaScript).
;;
;; `npm run wasm` compiles this file into scanLoop.ts (the bytes, in base64); a unit test checks
;; that the two agree.
;;
;; Memory, laid out by anchors.ts:
;;   0   the streams' states, 4 x i32: read and written by each call, so a call goes on where the
;;       last one stopped
;;   16  where the last call's hits end (i32)
;;   then the automaton (byte classes, transitions) and the text, as setup() is told
;;   hits: from `out` on, (byte address, state) pairs of i32, one per step that reached a state
;;       ending a word
(module
  (memory (export "memory") 1)
  ;; the byte class of each byte value (256 bytes)
  (global $cls (mut i32) (i32.const 0))
  ;; the transitions: u16 state numbers, state s's row at s << shift
  (global $tbl (mut i32) (i32.const 0))
  (global $shift (mut i32) (i32.const 0))
  ;; the first state that ends a word (those after it end words too)
  (global $first (mut i32) (i32.const 0))

  (func (export "setup") (param $cls i32) (param $tbl i32) (param $shift i32) (param $first i32)
    (global.set $cls (local.get $cls))
    (global.set $tbl (local.get $tbl))
    (global.set $shift (local.get $shift))
    (global.set $first (local.get $first)))

  ;; The $n UTF-16 units at $at made one byte each, in place from $at: an ASCII character its own
  ;; code, any other 0x80 (so offsets stay the text's). Sixteen at a time: a store never reaches
  ;; units not yet read.
  (func (export "narrow") (param $at i32) (param $n i32)
    (local $i i32) (local $p i32) (local $top v128) (local $c i32)
    (local.set $top (v128.const i16x8 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80))
    (block $simd_done
      (loop $simd
        (br_if $simd_done (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $n)))
        (local.set $p (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 1))))
        (v128.store (i32.add (local.get $at) (local.get $i)) (i8x16.narrow_i16x8_u
          (i16x8.min_u (v128.load (local.get $p)) (local.get $top))
          (i16x8.min_u (v128.load offset=16 (local.get $p)) (local.get $top))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $simd)))
    (block $done
      (loop $tail
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load16_u (i32.add (local.get $at) (i32.shl (local.get $i) (i32.const 1)))))
        (i32.store8 (i32.add (local.get $at) (local.get $i))
          (select (local.get $c) (i32.const 0x80) (i32.lt_u (local.get $c) (i32.const 0x80))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  ;; One stream: the bytes at [$i, $end) from the state at address 0. Records hits from $out on and
  ;; stops early when $out reaches $outEnd; returns the address it reached.
  (func (export "run1") (param $i i32) (param $end i32) (param $out i32) (param $outEnd i32) (result i32)
    (local $s i32) (local $cls i32) (local $tbl i32) (local $shift i32) (local $first i32)
    (local.set $s (i32.load (i32.const 0)))
    (local.set $cls (global.get $cls))
    (local.set $tbl (global.get $tbl))
    (local.set $shift (global.get $shift))
    (local.set $first (global.get $first))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $done (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $s (i32.load16_u (i32.add (local.get $tbl) (i32.shl
          (i32.or (i32.shl (local.get $s) (local.get $shift)) (i32.load8_u (i32.add (local.get $cls) (i32.load8_u (local.get $i)))))
          (i32.const 1)))))
        (if (i32.ge_u (local.get $s) (local.get $first)) (then
          (i32.store (local.get $out) (local.get $i))
          (i32.store offset=4 (local.get $out) (local.get $s))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $step)))
    (i32.store (i32.const 0) (local.get $s))
    (i32.store (i32.const 16) (local.get $out))
    (local.get $i))

  ;; Four streams, a quarter of the text apart: the bytes at $i, $i + $q, $i + 2$q and $i + 3$q, for
  ;; each $i in [$i, $end), from the four states at address 0. The four lookups do not wait on each
  ;; other. Hits and the early stop as in run1; returns the $i it reached.
  (func (export "run4") (param $i i32) (param $end i32) (param $q i32) (param $out i32) (param $outEnd i32) (result i32)
    (local $s0 i32) (local $s1 i32) (local $s2 i32) (local $s3 i32)
    (local $cls i32) (local $tbl i32) (local $shift i32) (local $first i32) (local $q2 i32) (local $q3 i32)
    (local.set $s0 (i32.load (i32.const 0)))
    (local.set $s1 (i32.load (i32.const 4)))
    (local.set $s2 (i32.load (i32.const 8)))
    (local.set $s3 (i32.load (i32.const 12)))
    (local.set $cls (global.get $cls))
    (local.set $tbl (global.get $tbl))
    (local.set $shift (global.get $shift))
    (local.set $first (global.get $first))
    (local.set $q2 (i32.shl (local.get $q) (i32.const 1)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $q)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $done (i32.ge_u (local.get $out) (local.get $outEnd)))
        (local.set $s0 (i32.load16_u (i32.add (local.get $tbl) (i32.shl
          (i32.or (i32.shl (local.get $s0) (local.get $shift)) (i32.load8_u (i32.add (local.get $cls) (i32.load8_u (local.get $i)))))
          (i32.const 1)))))
        (local.set $s1 (i32.load16_u (i32.add (local.get $tbl) (i32.shl
          (i32.or (i32.shl (local.get $s1) (local.get $shift)) (i32.load8_u (i32.add (local.get $cls) (i32.load8_u (i32.add (local.get $i) (local.get $q))))))
          (i32.const 1)))))
        (local.set $s2 (i32.load16_u (i32.add (local.get $tbl) (i32.shl
          (i32.or (i32.shl (local.get $s2) (local.get $shift)) (i32.load8_u (i32.add (local.get $cls) (i32.load8_u (i32.add (local.get $i) (local.get $q2))))))
          (i32.const 1)))))
        (local.set $s3 (i32.load16_u (i32.add (local.get $tbl) (i32.shl
          (i32.or (i32.shl (local.get $s3) (local.get $shift)) (i32.load8_u (i32.add (local.get $cls) (i32.load8_u (i32.add (local.get $i) (local.get $q3))))))
          (i32.const 1)))))
        (if (i32.ge_u (local.get $s0) (local.get $first)) (then
          (i32.store (local.get $out) (local.get $i))
          (i32.store offset=4 (local.get $out) (local.get $s0))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
        (if (i32.ge_u (local.get $s1) (local.get $first)) (then
          (i32.store (local.get $out) (i32.add (local.get $i) (local.get $q)))
          (i32.store offset=4 (local.get $out) (local.get $s1))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
        (if (i32.ge_u (local.get $s2) (local.get $first)) (then
          (i32.store (local.get $out) (i32.add (local.get $i) (local.get $q2)))
          (i32.store offset=4 (local.get $out) (local.get $s2))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
        (if (i32.ge_u (local.get $s3) (local.get $first)) (then
          (i32.store (local.get $out) (i32.add (local.get $i) (local.get $q3)))
          (i32.store offset=4 (local.get $out) (local.get $s3))
          (local.set $out (i32.add (local.get $out) (i32.const 8)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $step)))
    (i32.store (i32.const 0) (local.get $s0))
    (i32.store (i32.const 4) (local.get $s1))
    (i32.store (i32.const 8) (local.get $s2))
    (i32.store (i32.const 12) (local.get $s3))
    (i32.store (i32.const 16) (local.get $out))
    (local.get $i))
)
