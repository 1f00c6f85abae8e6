package memory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"

	"hebbplay/core/pattern"
)

// DefaultNiter is the default number of recall iterations (package doc,
// section Recall).
const DefaultNiter = 15

// RecallOptions control the recall dynamics.
type RecallOptions struct {
	// Niter is the largest number of iterations; 0 means DefaultNiter.
	// Recall stops earlier at a fixed point, which gives the same final state.
	Niter int
	// Async updates one hypercolumn at a time (K-of-N: one active unit at a
	// time) in an order drawn from Rand for each iteration, each update seeing
	// the previous ones. The default is synchronous: every unit's support is
	// computed from the same state, then all winners are chosen at once.
	Async bool
	// Rand orders asynchronous updates; it must be set when Async is.
	Rand *rand.Rand
	// Trajectory keeps the state and the support of every iteration.
	Trajectory bool
	// NoEarlyStop runs all Niter iterations even after a fixed point (for
	// checking that early stopping changes nothing).
	NoEarlyStop bool
	// Ties decides between units of equal support; the default is
	// TiesLowest. TiesRandom draws from Rand, which must then be set.
	Ties TieRule
}

// TieRule decides which of several units of exactly equal support wins.
type TieRule uint8

const (
	// TiesLowest gives a tie to the lowest unit index, the rule of the
	// benchmark's reference code.
	TiesLowest TieRule = iota
	// TiesRandom gives a tie to a unit chosen at random: every iteration
	// draws a 64-bit salt from the recall's random source and ranks tied
	// units by a hash of (salt, unit), a fresh random order of the units
	// for each iteration (the hash is SplitMix64's finaliser, Steele, Lea &
	// Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014).
	TiesRandom
)

// String returns "lowest" or "random".
func (t TieRule) String() string {
	switch t {
	case TiesLowest:
		return "lowest"
	case TiesRandom:
		return "random"
	}
	return fmt.Sprintf("TieRule(%d)", uint8(t))
}

// ParseTieRule is the inverse of TieRule.String.
func ParseTieRule(s string) (TieRule, error) {
	switch s {
	case "lowest":
		return TiesLowest, nil
	case "random":
		return TiesRandom, nil
	}
	return 0, fmt.Errorf("memory: unknown tie rule %q (want lowest or random)", s)
}

// Step is one iteration of a recall.
type Step struct {
	State   pattern.Pattern // the state after the iteration
	Support []float32       // each unit's support s_j as computed in the iteration (synchronous: from the state before it)
}

// Result is the outcome of a recall.
type Result struct {
	Final      pattern.Pattern // the state after the last iteration
	Iterations int             // iterations run; a fixed point is detected by the iteration that changes nothing, which counts
	Converged  bool            // a fixed point was reached within Niter
	Steps      []Step          // per-iteration states and supports, when RecallOptions.Trajectory is set
}

// Net is a network of fixed shape and weights that recalls patterns. It keeps
// scratch buffers, so one Net must not recall in two goroutines at once; make
// one Net per goroutine over shared Weights instead (Weights are only read).
type Net struct {
	Shape   pattern.Shape
	Weights *Weights

	support []float32
	cur     pattern.Pattern
	next    pattern.Pattern
	order   []int
	heap    []int32
	cand    []int32   // candidates for the heap (topKLowest)
	left    []int32   // units that left the state (updateSupport)
	came    []int32   // units that came into the state (updateSupport)
	inSeed  []uint8   // inSeed[u] = 1 while u is a seed unit (candidates)
	prefix  []float32 // partial sums of the support (prefixSupport)
	active  []bool

	// randomTies and salt implement TiesRandom for the running iteration.
	randomTies bool
	salt       uint64
}

// row returns unit u's row of the weights: what an active u adds to every
// unit's support.
func (n *Net) row(u int32) []float32 {
	N := n.Shape.N
	return n.Weights.W[int(u)*N : int(u+1)*N]
}

// NewNet returns a net of shape s with weights w.
func NewNet(s pattern.Shape, w *Weights) (*Net, error) {
	if w == nil || w.N != s.N || len(w.W) != s.N*s.N || len(w.B) != s.N {
		return nil, fmt.Errorf("memory: weights do not fit shape %v", s)
	}
	return &Net{Shape: s, Weights: w, support: make([]float32, s.N)}, nil
}

// Support computes into dst (reused when large enough) the support
// s_j = B_j + Σ_{i active} W_ij of every unit for state x and returns it. The
// sum runs over the active units only, reading one row of W for each: O(k·N).
func (n *Net) Support(dst []float32, x pattern.Pattern) []float32 {
	N := n.Shape.N
	dst = slices.Grow(dst[:0], N)[:N]
	copy(dst, n.Weights.B)
	for ; len(x) >= 2; x = x[2:] { // two rows per pass, in order
		addRowPair(dst, n.row(x[0]), n.row(x[1]))
	}
	for _, i := range x {
		addRow(dst, n.row(i))
	}
	return dst
}

// addRowPortable adds row to dst element-wise: the recall kernel, a streaming
// read of one weight row. Unrolled by eight so the loop is bound by memory,
// not by loop overhead; the re-slicing lets the compiler drop bounds checks.
// It is the kernel everywhere but on amd64 built with GOEXPERIMENT=simd
// (addrow_simd_amd64.go), and the reference that kernel is tested against:
// element-wise float32 additions give the same bits in any vector width.
func addRowPortable(dst, row []float32) {
	row = row[:len(dst)]
	k := 0
	for ; k+8 <= len(dst); k += 8 {
		d := dst[k : k+8 : k+8]
		r := row[k : k+8 : k+8]
		d[0] += r[0]
		d[1] += r[1]
		d[2] += r[2]
		d[3] += r[3]
		d[4] += r[4]
		d[5] += r[5]
		d[6] += r[6]
		d[7] += r[7]
	}
	for ; k < len(dst); k++ {
		dst[k] += row[k]
	}
}

// Stream returns the sum of buf with eight independent accumulators: a plain
// memory-streaming loop, the reference against which the recall kernel's
// bandwidth is measured (make bench).
func Stream(buf []float32) float32 {
	var s [8]float32
	k := 0
	for ; k+8 <= len(buf); k += 8 {
		b := buf[k : k+8 : k+8]
		s[0] += b[0]
		s[1] += b[1]
		s[2] += b[2]
		s[3] += b[3]
		s[4] += b[4]
		s[5] += b[5]
		s[6] += b[6]
		s[7] += b[7]
	}
	for ; k < len(buf); k++ {
		s[0] += buf[k]
	}
	return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7]
}

// Iterate runs one synchronous iteration from state x: it computes every
// unit's support (kept, see LastSupport) and returns the winners in dst
// (reused when large enough). x must be a valid state of the net's shape.
func (n *Net) Iterate(dst, x pattern.Pattern) pattern.Pattern {
	n.support = n.Support(n.support, x)
	return n.winnersFrom(dst, n.support, x)
}

// updateSupport turns n.support, the support of state old, into the
// support of state x (both valid states, ascending units) by subtracting the
// rows of the units that left and adding those of the units that came, or
// recomputes it when more than half the units changed. Only for exact
// weights: every partial sum is then a whole number below 2^24 (see
// Weights), so the result is bit-identical to Support(x) in any order.
func (n *Net) updateSupport(old, x pattern.Pattern) {
	n.left, n.came = pattern.Diff(n.left[:0], n.came[:0], old, x)
	left, came := n.left, n.came
	if 2*len(left) >= len(x) {
		n.support = n.Support(n.support, x)
		return
	}
	// Exact weights, so any order: one pass per unit that came and one
	// that left.
	s := n.support
	m := min(len(left), len(came))
	for k := range m {
		addSubRow(s, n.row(came[k]), n.row(left[k]))
	}
	for _, u := range left[m:] {
		subRow(s, n.row(u))
	}
	for _, u := range came[m:] {
		addRow(s, n.row(u))
	}
}

// prefixStride is the spacing of prefixSupport's checkpoints, in units.
// Keeping every partial sum (stride 1) wrote K−1 fresh rows per
// recomputation; accumulating in one row and copying it every prefixStride
// units writes a quarter as much, at the cost of re-adding up to
// prefixStride−1 rows when a later iteration restarts between checkpoints.
// Measured with BenchmarkCapacity (BCPNN and Bayes, 32×32): 14% faster on
// WebAssembly under Node, within noise natively; strides 2, 4 and 8 were
// alike within the noise there.
const prefixStride = 4

// prefixSupport computes n.support for state x as Support does (B, then the
// rows of x's units in ascending order) and returns the same bits, keeping
// checkpoints n.prefix[c−1] = B + rows of x[0..c·prefixStride) for every c
// with c·prefixStride < len(x). When old (the state of the previous call in
// this recall, nil for none) agrees with x on its first h units, the sum
// restarts from the last checkpoint at or before h: the very additions in
// the very order a full recompute makes. dirty says that n.support was
// changed since (asynchronous updates), so at least the last unit's
// addition is redone.
func (n *Net) prefixSupport(old, x pattern.Pattern, dirty bool) {
	N, K := n.Shape.N, len(x)
	h0 := 0
	if old != nil && len(old) == K {
		for h0 < K && old[h0] == x[h0] {
			h0++
		}
		if h0 == K && !dirty {
			return // same state, same support
		}
		h0 = min(h0, K-1)
	}
	nc := (K - 1) / prefixStride
	n.prefix = slices.Grow(n.prefix[:0], nc*N)[:nc*N]
	n.support = slices.Grow(n.support[:0], N)[:N]
	c := h0 / prefixStride // checkpoint c holds the first c·prefixStride units
	if c == 0 {
		copy(n.support, n.Weights.B)
	} else {
		copy(n.support, n.prefix[(c-1)*N:c*N])
	}
	for h := c * prefixStride; h < K; {
		// Up to the next checkpoint (or the end), two rows per pass.
		end := min(K, (h/prefixStride+1)*prefixStride)
		for ; h+2 <= end; h += 2 {
			addRowPair(n.support, n.row(x[h]), n.row(x[h+1]))
		}
		if h < end {
			addRow(n.support, n.row(x[h]))
			h++
		}
		if c := h / prefixStride; h%prefixStride == 0 && c <= nc {
			copy(n.prefix[(c-1)*N:c*N], n.support)
		}
	}
}

// LastSupport returns the support computed by the last iteration. It is
// overwritten by the next call to Iterate or Recall.
func (n *Net) LastSupport() []float32 { return n.support }

// Recall runs the dynamics from cue and returns the result. The cue is not
// clamped after the first iteration. Ties are decided by opt.Ties.
func (n *Net) Recall(cue pattern.Pattern, opt RecallOptions) (Result, error) {
	if err := n.Shape.Check(cue); err != nil {
		return Result{}, fmt.Errorf("memory: recall cue: %w", err)
	}
	niter := opt.Niter
	if niter == 0 {
		niter = DefaultNiter
	}
	if niter < 0 {
		return Result{}, fmt.Errorf("memory: niter = %d; need niter ≥ 1", niter)
	}
	if opt.Async && opt.Rand == nil {
		return Result{}, fmt.Errorf("memory: asynchronous recall needs a random source")
	}
	switch opt.Ties {
	case TiesLowest:
	case TiesRandom:
		if opt.Rand == nil {
			return Result{}, fmt.Errorf("memory: random tie-breaking needs a random source")
		}
	default:
		return Result{}, fmt.Errorf("memory: unknown tie rule %d", opt.Ties)
	}
	n.randomTies = opt.Ties == TiesRandom
	defer func() { n.randomTies = false }()
	n.cur = append(n.cur[:0], cue...)
	var res Result
	for it := 1; it <= niter; it++ {
		if n.randomTies {
			n.salt = opt.Rand.Uint64()
		}
		switch {
		case opt.Async:
			n.asyncIteration(opt.Rand, it > 1)
		case it > 1 && n.Weights.Exact:
			// n.next still holds the previous iteration's input, whose
			// support n.support is: update it by the rows that changed.
			n.updateSupport(n.next, n.cur)
			n.next = n.winnersFrom(n.next, n.support, n.cur)
		case it > 1:
			// Other weights round: redo the sum, in the same order, from
			// the first unit that changed (prefixSupport).
			n.prefixSupport(n.next, n.cur, false)
			n.next = n.winnersFrom(n.next, n.support, n.cur)
		case !n.Weights.Exact:
			n.prefixSupport(nil, n.cur, false)
			n.next = n.winnersFrom(n.next, n.support, n.cur)
		default:
			n.next = n.Iterate(n.next, n.cur)
		}
		res.Iterations = it
		if opt.Trajectory {
			res.Steps = append(res.Steps, Step{State: n.next.Clone(), Support: slices.Clone(n.support)})
		}
		same := pattern.Equal(n.cur, n.next)
		n.cur, n.next = n.next, n.cur
		if same {
			res.Converged = true
			if !opt.NoEarlyStop {
				break
			}
		}
	}
	res.Final = n.cur.Clone()
	return res, nil
}

// winners applies winner-take-all to support s: the strongest unit of each
// hypercolumn (modular) or the K strongest units (K-of-N), ties decided by
// the tie rule.
func (n *Net) winners(dst pattern.Pattern, s []float32) pattern.Pattern {
	return n.winnersFrom(dst, s, nil)
}

// winnersFrom is winners given hint, the state the support was computed
// from (a valid state, ascending units, or nil): K-of-N nets with ties to
// the lowest unit seed their selection with it, which changes how fast the
// winners are found, never which they are.
func (n *Net) winnersFrom(dst pattern.Pattern, s []float32, hint pattern.Pattern) pattern.Pattern {
	sh := n.Shape
	if sh.Kind == pattern.Modular {
		dst = slices.Grow(dst[:0], sh.H)[:sh.H]
		for h := range dst {
			dst[h] = int32(h*sh.M + n.argmax(s[h*sh.M:(h+1)*sh.M], h*sh.M))
		}
		return dst
	}
	if !n.randomTies && len(hint) == sh.K {
		return n.topKLowest(dst, s, sh.K, hint)
	}
	return n.topK(dst, s, sh.K)
}

// argmax returns the index of the largest element of s, a slice of the
// supports starting at unit base; ties go to the lowest index, or at random.
func (n *Net) argmax(s []float32, base int) int {
	best := 0
	if !n.randomTies {
		return argmaxLowest(s)
	}
	for k := 1; k < len(s); k++ {
		if s[k] > s[best] || (s[k] == s[best] && n.randomTies && n.key(int32(base+k)) < n.key(int32(base+best))) {
			best = k
		}
	}
	return best
}

// key is unit u's rank among tied units under TiesRandom: a hash of the
// iteration's salt and u (SplitMix64's finaliser).
func (n *Net) key(u int32) uint64 {
	z := n.salt ^ uint64(u)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// later reports whether unit a loses a tie against unit b.
func (n *Net) later(a, b int32) bool {
	if n.randomTies {
		ka, kb := n.key(a), n.key(b)
		return ka > kb || (ka == kb && a > b)
	}
	return a > b
}

// weaker reports whether unit a ranks below unit b: smaller support, or equal
// support and losing the tie.
func (n *Net) weaker(s []float32, a, b int32) bool {
	return s[a] < s[b] || (s[a] == s[b] && n.later(a, b))
}

// topK returns the K strongest units of s in ascending index order, keeping a
// min-heap of the K best seen so far: O(N log K).
func (n *Net) topK(dst pattern.Pattern, s []float32, k int) pattern.Pattern {
	if !n.randomTies {
		return n.topKLowest(dst, s, k, nil)
	}
	h := n.heap[:0]
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(h) {
				return
			}
			if c+1 < len(h) && n.weaker(s, h[c+1], h[c]) {
				c++
			}
			if !n.weaker(s, h[c], h[i]) {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for u := range int32(len(s)) {
		if len(h) < k {
			h = append(h, u)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !n.weaker(s, h[i], h[p]) {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if n.weaker(s, h[0], u) {
			h[0] = u
			down(0)
		}
	}
	n.heap = h
	dst = append(dst[:0], h...)
	slices.Sort(dst)
	return dst
}

// topKLowest is topK for ties to the lowest unit: unit a ranks below unit b
// when s[a] < s[b], or s[a] = s[b] and a > b, a strict total order of the
// units when no support is NaN. The K strongest units under a total order
// are one set, whatever order a min-heap of the best K meets the units in,
// so the heap starts from the K units of seed (when given; a state, ascending
// units, whose units are likely strong) and then meets the others: most
// lose to the root in one comparison with its value, kept in a register.
// Supports holding a NaN, whose comparisons are no order, take the units in
// ascending order as topK does; so does a nil seed.
func (n *Net) topKLowest(dst pattern.Pattern, s []float32, k int, seed pattern.Pattern) pattern.Pattern {
	h := slices.Grow(n.heap[:0], k)[:0]
	weaker := func(a, b int32) bool { return s[a] < s[b] || (s[a] == s[b] && a > b) }
	// weakest returns the unit of units that ranks lowest: the root of a
	// heap holding them.
	weakest := func(units pattern.Pattern) int32 {
		r0 := units[0]
		for _, u := range units[1:] {
			if weaker(u, r0) {
				r0 = u
			}
		}
		return r0
	}
	var cand []int32 // branchFree: the units that beat the weakest seed unit
	if branchFree && len(seed) == k {
		// The heap's root only rises, so the units that beat the
		// weakest seed unit are the only ones that can enter it: list
		// them without a branch per unit (candidates), and when there
		// are none (a state that recalls itself) the seed is the answer.
		r0 := weakest(seed)
		var nan bool
		if cand, nan = n.candidates(s, seed, s[r0], r0); !nan && len(cand) == 0 {
			n.heap = h
			return append(dst[:0], seed...)
		} else if nan {
			seed = nil
		}
	} else if len(seed) != k || !n.finite(s) {
		seed = nil
	}
	push := func(u int32) {
		h = append(h, u)
		for i := len(h) - 1; i > 0; {
			p := (i - 1) / 2
			if !weaker(h[i], h[p]) {
				break
			}
			h[i], h[p] = h[p], h[i]
			i = p
		}
	}
	// replace puts u at the root and sifts it down.
	replace := func(u int32) {
		h[0] = u
		for i := 0; ; {
			c := 2*i + 1
			if c >= len(h) {
				return
			}
			if c+1 < len(h) && weaker(h[c+1], h[c]) {
				c++
			}
			if !weaker(h[c], h[i]) {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	if seed != nil && branchFree {
		for _, u := range seed {
			push(u)
		}
		rv, r0 := s[h[0]], h[0]
		for _, u := range cand {
			if v := s[u]; v > rv || (v == rv && u < r0) {
				replace(u)
				rv, r0 = s[h[0]], h[0]
			}
		}
	} else if seed != nil {
		// The heap is built only when a unit beats the weakest seed unit
		// (its root-to-be); a state that recalls itself never builds it.
		r0 := weakest(seed)
		rv := s[r0]
		next := 0 // the next seed unit, skipped by the scan
		for u := range int32(len(s)) {
			if next < len(seed) && seed[next] == u {
				next++
				continue
			}
			if v := s[u]; v > rv || (v == rv && u < r0) {
				if len(h) == 0 {
					for _, u := range seed {
						push(u)
					}
				}
				replace(u)
				rv, r0 = s[h[0]], h[0]
			}
		}
		if len(h) == 0 {
			n.heap = h
			return append(dst[:0], seed...)
		}
	} else {
		u := int32(0)
		for ; u < int32(len(s)) && len(h) < k; u++ {
			push(u)
		}
		if len(h) > 0 {
			// u is above every unit in the heap: it beats the root
			// exactly when its support is larger.
			rv := s[h[0]]
			for ; u < int32(len(s)); u++ {
				if s[u] > rv {
					replace(u)
					rv = s[h[0]]
				}
			}
		}
	}
	n.heap = h
	dst = append(dst[:0], h...)
	slices.Sort(dst)
	return dst
}

// candidates returns the units of s, in ascending order, that rank above
// unit r0 of support rv (support larger, or equal and a lower index), seed
// units left out, and whether s holds a NaN (then the list means nothing).
// It lists them without a branch per unit: every unit is written to the
// list and the list grows only when it qualifies, so Go's WebAssembly port
// compiles the test to selects.
func (n *Net) candidates(s []float32, seed pattern.Pattern, rv float32, r0 int32) ([]int32, bool) {
	n.cand = slices.Grow(n.cand[:0], len(s))[:len(s)]
	if len(n.inSeed) < len(s) {
		n.inSeed = make([]uint8, len(s))
	}
	in := n.inSeed[:len(s)]
	for _, u := range seed {
		in[u] = 1
	}
	// One comparison of packed keys (see argmaxLowestKeys) is "support
	// larger, or equal and a lower index".
	cand, rk, nc := n.cand, packedKey(rv, int(r0)), 0
	var nan uint32
	for u, v := range s {
		cand[nc] = int32(u)
		nc += b2i(packedKey(v, u) > rk) &^ int(in[u])
		nan |= 0x7f800000 - math.Float32bits(v)&0x7fffffff // see hasNaN
	}
	for _, u := range seed {
		in[u] = 0
	}
	return cand[:nc], nan>>31 != 0
}

// finite reports that support s holds no NaN. A seeded selection is only
// asked for the net's own support (winnersFrom from Iterate and Recall), and
// with exact weights that is a sum of whole numbers below 2^24
// (Weights.Exact), never NaN, so only other weights are scanned (the scan
// was a fifth of a K-of-N search natively).
func (n *Net) finite(s []float32) bool {
	if n.Weights != nil && n.Weights.Exact && len(s) > 0 && len(n.support) > 0 && &s[0] == &n.support[0] {
		return true
	}
	return !hasNaN(s)
}

// b2i is 1 for true and 0 for false (a select, not a branch, once inlined).
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hasNaN reports whether s holds a NaN, testing the bits of every element
// without a branch per element, in four independent chains (faster than a
// loop that returns at the first NaN: 1.0× natively, 4× on WebAssembly in a
// micro-benchmark).
func hasNaN(s []float32) bool {
	// The magnitude bits exceed +Inf's exactly for a NaN, and then the
	// subtraction wraps past 2^31.
	const inf = 0x7f800000
	var a, b, c, d uint32
	k := 0
	for ; k+4 <= len(s); k += 4 {
		x := s[k : k+4 : k+4]
		a |= inf - math.Float32bits(x[0])&0x7fffffff
		b |= inf - math.Float32bits(x[1])&0x7fffffff
		c |= inf - math.Float32bits(x[2])&0x7fffffff
		d |= inf - math.Float32bits(x[3])&0x7fffffff
	}
	for ; k < len(s); k++ {
		a |= inf - math.Float32bits(s[k])&0x7fffffff
	}
	return (a|b|c|d)>>31 != 0
}

// asyncIteration updates the state one hypercolumn (modular) or one active
// slot (K-of-N) at a time, in a random order, keeping the support current
// incrementally: moving unit a to unit b adds row b and subtracts row a.
// Because self-connections are zero, a hypercolumn's own active unit never
// contributes to its rivals' support, so removing it first is unnecessary in
// modular nets; in K-of-N nets the leaving unit's row is removed before the
// choice, so the slot goes to the best unit given the other K−1.
//
// With exact weights, a later iteration (later set) starts from the support
// the previous one left, which is then exactly Support(n.cur); other
// weights recompute it as Support does, redoing only the partial sums from
// the first unit that changed (prefixSupport), which keeps their rounding
// as it always was.
func (n *Net) asyncIteration(r *rand.Rand, later bool) {
	sh, N := n.Shape, n.Shape.N
	switch {
	case later && n.Weights.Exact:
	case later:
		// n.next is the previous iteration's start, whose partial sums
		// prefixSupport kept.
		n.prefixSupport(n.next, n.cur, true)
	default:
		n.prefixSupport(nil, n.cur, false)
	}
	n.next = append(n.next[:0], n.cur...)
	s := n.support
	slots := sh.H
	if sh.Kind == pattern.KofN {
		slots = sh.K
	}
	n.order = slices.Grow(n.order[:0], slots)[:slots]
	for k := range n.order {
		n.order[k] = k
	}
	r.Shuffle(slots, func(a, b int) { n.order[a], n.order[b] = n.order[b], n.order[a] })
	if sh.Kind == pattern.Modular {
		for _, h := range n.order {
			old := n.next[h]
			nw := int32(h*sh.M + n.argmax(s[h*sh.M:(h+1)*sh.M], h*sh.M))
			if nw != old {
				subRow(s, n.row(old))
				addRow(s, n.row(nw))
				n.next[h] = nw
			}
		}
		return
	}
	n.active = slices.Grow(n.active[:0], N)[:N]
	clear(n.active)
	for _, u := range n.next {
		n.active[u] = true
	}
	// Slots are positions in the state as it was at the start of the
	// iteration; the unit now in a slot may have changed.
	slotUnit := slices.Clone(n.next)
	for _, k := range n.order {
		old := slotUnit[k]
		subRow(s, n.row(old))
		n.active[old] = false
		best := int32(-1)
		for u := range int32(N) {
			if !n.active[u] && (best < 0 || n.weaker(s, best, u)) {
				best = u
			}
		}
		addRow(s, n.row(best))
		n.active[best] = true
		slotUnit[k] = best
	}
	n.next = n.next[:0]
	for u := range int32(N) {
		if n.active[u] {
			n.next = append(n.next, u)
		}
	}
}

// argmaxLowestPortable returns the first index of the largest element of
// s: the comparisons of Net.argmax without the tie test, the best value
// kept in a register. A NaN never wins against an element after it (and
// wins at index 0).
func argmaxLowestPortable(s []float32) int {
	best, bv := 0, s[0]
	for k := 1; k < len(s); k++ {
		if v := s[k]; v > bv {
			best, bv = k, v
		}
	}
	return best
}

// branchFree selects the winner-take-all loops written without a branch
// per element (argmaxLowestKeys, Net.candidates). It is set on WebAssembly,
// where Go's port turns a comparison in a loop into a branch that V8 runs
// several times slower than amd64 does, but an integer comparison into a
// select; on amd64 the plain loops are faster. Both choose the same
// winners; the tests run both.
var branchFree = runtime.GOARCH == "wasm"

// argmaxLowestKeys returns what argmaxLowestPortable returns, comparing
// integer keys instead of floats, which V8 runs faster in Go's WebAssembly
// code. Each key packs the value's orderKey above the complement of its
// index, so one 64-bit maximum per element keeps both the largest value
// and, among equal values, the lowest index. For 32 hypercolumns of 32
// (micro-benchmarks of the three loops, run in Chromium with a page that
// loads the test binary) it takes 2.1 µs, against 2.35 µs for int32 keys
// with the index kept apart and 3.6 µs for the float loop (0.87 µs natively,
// BenchmarkArgmax); under Node's older V8, 2.2, 3.2 and 3.5 µs. A select
// made of masks instead of the maximum's branch measured slower (2.8 µs).
// On amd64 the float loop is faster. NaN, which the keys do not
// order as the float loop does, is rare and handled apart: a NaN at index 0
// wins (no comparison against it is true), and when a NaN would win
// elsewhere the float loop decides.
func argmaxLowestKeys(s []float32) int {
	if s[0] != s[0] {
		return 0
	}
	bk := packedKey(s[0], 0)
	for k := 1; k < len(s); k++ {
		bk = max(bk, packedKey(s[k], k))
	}
	best := int(^uint32(bk))
	if s[best] != s[best] {
		return argmaxLowestPortable(s)
	}
	return best
}

// packedKey is element k's key in argmaxLowestKeys: orderKey(v) in the high
// 32 bits and ^k in the low 32, so keys order by value and then by
// decreasing index (len(s) < 2³² always: a slice of a net's support).
func packedKey(v float32, k int) int64 {
	return int64(orderKey(v))<<32 | int64(^uint32(k))
}

// orderKey returns an int32 ordered as the float32 numbers are: the bits
// as a signed integer, with the magnitude bits inverted for negative
// numbers so that larger magnitudes sort lower. Adding +0 first turns −0
// into +0 (IEEE 754 round-to-nearest), so the two zeros tie as they do in
// float comparisons. A positive NaN's key is above +Inf's, a negative
// NaN's below −Inf's.
func orderKey(v float32) int32 {
	b := int32(math.Float32bits(v + 0))
	return b ^ (b >> 31 & 0x7fffffff)
}

// addRowPairPortable adds rows a and b to dst element-wise in one pass:
// dst = (dst + a) + b, the very float32 additions, in the very order, of
// addRowPortable(dst, a) then addRowPortable(dst, b), so it is bit-identical
// to them for any weights. One pass with two rows instead of two passes
// loads and stores dst half as often: 18% faster natively and 19% on
// WebAssembly in a micro-benchmark.
func addRowPairPortable(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	k := 0
	for ; k+8 <= len(dst); k += 8 {
		d := dst[k : k+8 : k+8]
		p, q := a[k:k+8:k+8], b[k:k+8:k+8]
		d[0] = d[0] + p[0] + q[0]
		d[1] = d[1] + p[1] + q[1]
		d[2] = d[2] + p[2] + q[2]
		d[3] = d[3] + p[3] + q[3]
		d[4] = d[4] + p[4] + q[4]
		d[5] = d[5] + p[5] + q[5]
		d[6] = d[6] + p[6] + q[6]
		d[7] = d[7] + p[7] + q[7]
	}
	for ; k < len(dst); k++ {
		dst[k] = dst[k] + a[k] + b[k]
	}
}

// addSubRowPortable adds row a to dst and subtracts row s in one pass:
// dst = (dst + a) − s, as addRowPortable then subRowPortable.
func addSubRowPortable(dst, a, s []float32) {
	a, s = a[:len(dst)], s[:len(dst)]
	k := 0
	for ; k+8 <= len(dst); k += 8 {
		d := dst[k : k+8 : k+8]
		p, q := a[k:k+8:k+8], s[k:k+8:k+8]
		d[0] = d[0] + p[0] - q[0]
		d[1] = d[1] + p[1] - q[1]
		d[2] = d[2] + p[2] - q[2]
		d[3] = d[3] + p[3] - q[3]
		d[4] = d[4] + p[4] - q[4]
		d[5] = d[5] + p[5] - q[5]
		d[6] = d[6] + p[6] - q[6]
		d[7] = d[7] + p[7] - q[7]
	}
	for ; k < len(dst); k++ {
		dst[k] = dst[k] + a[k] - s[k]
	}
}

// subRowPortable subtracts row from dst element-wise (see addRowPortable).
func subRowPortable(dst, row []float32) {
	row = row[:len(dst)]
	for k := range dst {
		dst[k] -= row[k]
	}
}
