package pattern

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Kind is the kind of network a Shape describes.
type Kind uint8

const (
	// Modular nets have H hypercolumns of M units, one active unit in each.
	Modular Kind = iota
	// KofN nets have N units of which exactly K are active.
	KofN
)

// String returns "modular" or "kofn", the names used on the command line and
// in permalinks.
func (k Kind) String() string {
	switch k {
	case Modular:
		return "modular"
	case KofN:
		return "kofn"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "modular":
		return Modular, nil
	case "kofn":
		return KofN, nil
	}
	return 0, fmt.Errorf("pattern: unknown network kind %q (want modular or kofn)", s)
}

// Limits on sizes. MaxUnits bounds N so that an N×N float32 weight matrix stays
// within MaxWeights entries (256 MiB), which is also what a browser tab can
// reasonably hold next to the counts.
const (
	// MaxWeights is the largest number of entries of an N×N weight matrix: 2^26
	// (64 Mi float32 = 256 MiB).
	MaxWeights = 1 << 26
	// MaxUnits is the largest N such that N·N ≤ MaxWeights.
	MaxUnits = 8192
)

// Shape is the geometry of a network and its patterns.
//
// For Modular shapes N = H·M and K = H; for KofN shapes H = K and M = 0 (there
// are no hypercolumns). Use NewModular or NewKofN to make a valid Shape.
type Shape struct {
	Kind Kind
	H, M int // hypercolumns and units per hypercolumn (Modular only)
	N, K int // units and active units per pattern
}

// NewModular returns the shape of an H×M modular network. It refuses M < 2,
// H < 1 and networks over MaxUnits units.
func NewModular(H, M int) (Shape, error) {
	s := Shape{Kind: Modular, H: H, M: M, N: H * M, K: H}
	return s, s.Validate()
}

// NewKofN returns the shape of a K-of-N network. It refuses K < 1, K ≥ N and
// networks over MaxUnits units.
func NewKofN(N, K int) (Shape, error) {
	s := Shape{Kind: KofN, H: K, N: N, K: K}
	return s, s.Validate()
}

// Validate reports whether the shape is consistent and within the limits,
// naming the limit that is broken.
func (s Shape) Validate() error {
	switch s.Kind {
	case Modular:
		if s.H < 1 {
			return fmt.Errorf("pattern: H = %d hypercolumns; need H ≥ 1", s.H)
		}
		if s.M < 2 {
			return fmt.Errorf("pattern: M = %d units per hypercolumn; need M ≥ 2", s.M)
		}
		if s.H > MaxUnits || s.M > MaxUnits || s.H*s.M > MaxUnits {
			return fmt.Errorf("pattern: H×M = %d×%d units; the limit is N = H·M ≤ %d (weight matrix ≤ %d entries)", s.H, s.M, MaxUnits, MaxWeights)
		}
		if s.N != s.H*s.M || s.K != s.H {
			return fmt.Errorf("pattern: inconsistent modular shape N=%d K=%d for H×M = %d×%d", s.N, s.K, s.H, s.M)
		}
	case KofN:
		if s.N < 2 {
			return fmt.Errorf("pattern: N = %d units; need N ≥ 2", s.N)
		}
		if s.N > MaxUnits {
			return fmt.Errorf("pattern: N = %d units; the limit is N ≤ %d (weight matrix ≤ %d entries)", s.N, MaxUnits, MaxWeights)
		}
		if s.K < 1 || s.K >= s.N {
			return fmt.Errorf("pattern: K = %d active units of N = %d; need 1 ≤ K < N", s.K, s.N)
		}
	default:
		return fmt.Errorf("pattern: unknown network kind %d", s.Kind)
	}
	return nil
}

// Activity returns the fraction f = K/N of active units (1/M for modular nets).
func (s Shape) Activity() float64 { return float64(s.K) / float64(s.N) }

// MaxFlip is the largest meaningful nflip: H hypercolumns (modular) or
// min(K, N−K) swaps (K-of-N).
func (s Shape) MaxFlip() int {
	if s.Kind == Modular {
		return s.H
	}
	return min(s.K, s.N-s.K)
}

// CheckFlip returns an error naming the limit when nflip is outside
// [0, MaxFlip].
func (s Shape) CheckFlip(nflip float64) error {
	if nflip < 0 || nflip > float64(s.MaxFlip()) || nflip != nflip {
		unit := "hypercolumns (H)"
		if s.Kind == KofN {
			unit = "swaps (min(K, N−K))"
		}
		return fmt.Errorf("pattern: nflip = %g; need 0 ≤ nflip ≤ %d %s", nflip, s.MaxFlip(), unit)
	}
	return nil
}

// String describes the shape, e.g. "modular 20×20" or "kofn N=400 K=20".
func (s Shape) String() string {
	if s.Kind == Modular {
		return fmt.Sprintf("modular %d×%d", s.H, s.M)
	}
	return fmt.Sprintf("kofn N=%d K=%d", s.N, s.K)
}

// Pattern is a binary pattern stored as the ascending indices of its active
// units. For a modular shape, Pattern[h] is the active unit of hypercolumn h.
type Pattern []int32

// Clone returns a copy of p.
func (p Pattern) Clone() Pattern { return slices.Clone(p) }

// Equal reports whether a and b have the same active units.
func Equal(a, b Pattern) bool { return slices.Equal(a, b) }

// Overlap returns the number of units active in both a and b. Both must be
// sorted, as every Pattern is.
func Overlap(a, b Pattern) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// Dense writes p as a 0/1 vector of length n into dst (reused when large enough).
func (p Pattern) Dense(dst []uint8, n int) []uint8 {
	dst = slices.Grow(dst[:0], n)[:n]
	clear(dst)
	for _, i := range p {
		dst[i] = 1
	}
	return dst
}

// Check reports whether p is a valid pattern of shape s.
func (s Shape) Check(p Pattern) error {
	if len(p) != s.K {
		return fmt.Errorf("pattern: %d active units; shape %v needs %d", len(p), s, s.K)
	}
	for k, u := range p {
		if u < 0 || int(u) >= s.N {
			return fmt.Errorf("pattern: unit %d outside 0..%d", u, s.N-1)
		}
		if k > 0 && p[k-1] >= u {
			return fmt.Errorf("pattern: units not strictly ascending at position %d", k)
		}
		if s.Kind == Modular && int(u)/s.M != k {
			return fmt.Errorf("pattern: unit %d is not in hypercolumn %d", u, k)
		}
	}
	return nil
}

// NewRand returns the seeded generator of an experiment: math/rand/v2's PCG
// seeded with (seed, stream), where stream folds the optional stream numbers
// into one word. Independent parts of an experiment (repetitions, cue noise at
// a given P) use distinct streams, so their draws do not depend on the order or
// the worker in which they run.
func NewRand(seed uint64, stream ...uint64) *rand.Rand {
	// splitmix64 finaliser (Steele, Lea & Flood 2014) mixes each stream number
	// into the second PCG word so nearby streams are unrelated.
	s := uint64(0x9e3779b97f4a7c15)
	for _, x := range stream {
		s ^= x + 0x9e3779b97f4a7c15 + (s << 6) + (s >> 2)
		s = mix64(s)
	}
	return rand.New(rand.NewPCG(seed, s))
}

func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Random draws a uniformly random pattern of shape s into dst (reused when
// large enough) and returns it.
func Random(dst Pattern, r *rand.Rand, s Shape) Pattern {
	dst = slices.Grow(dst[:0], s.K)[:s.K]
	if s.Kind == Modular {
		for h := range dst {
			dst[h] = int32(h*s.M + r.IntN(s.M))
		}
		return dst
	}
	// Floyd's algorithm samples K of N without replacement in O(K) draws
	// (Bentley & Floyd, "A sample of brilliance", CACM 1987).
	dst = dst[:0]
	for j := s.N - s.K; j < s.N; j++ {
		t := int32(r.IntN(j + 1))
		if slices.Contains(dst, t) {
			t = int32(j)
		}
		dst = append(dst, t)
	}
	slices.Sort(dst)
	return dst
}

// Distort writes into dst a copy of src with exactly nflip changes and returns
// it. Modular: nflip distinct hypercolumns, chosen uniformly, each move their
// active unit to one of the other M−1 units, uniformly. K-of-N: nflip active
// units are turned off and nflip inactive ones turned on (activity preserved).
// nflip must be within [0, s.MaxFlip()]; Distort panics otherwise (callers
// validate with Shape.CheckFlip). dst and src may not alias.
func Distort(dst Pattern, r *rand.Rand, s Shape, src Pattern, nflip int) Pattern {
	if nflip < 0 || nflip > s.MaxFlip() {
		panic(fmt.Sprintf("pattern: nflip %d outside 0..%d", nflip, s.MaxFlip()))
	}
	dst = append(dst[:0], src...)
	if nflip == 0 {
		return dst
	}
	if s.Kind == Modular {
		for _, h := range choose(r, s.H, nflip) {
			old := int(dst[h]) - h*s.M
			m := r.IntN(s.M - 1)
			if m >= old {
				m++
			}
			dst[h] = int32(h*s.M + m)
		}
		return dst
	}
	// K-of-N: turn off nflip of the K active units and turn on nflip of the
	// N−K inactive ones (the on[i]-th inactive unit in ascending order).
	off := choose(r, s.K, nflip)
	on := choose(r, s.N-s.K, nflip)
	for i, pos := range off {
		dst[pos] = nthInactive(src, on[i])
	}
	slices.Sort(dst)
	return dst
}

// Diff appends to gone the units of a that are not in b, and to came the
// units of b that are not in a, each in ascending order, and returns both.
// a and b are ascending lists of distinct units: states, or any such sets.
func Diff(gone, came []int32, a, b Pattern) ([]int32, []int32) {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			gone = append(gone, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			came = append(came, b[j])
			j++
		default:
			i++
			j++
		}
	}
	return gone, came
}

// nthInactive returns the j-th unit (from 0, in ascending order) that is not
// in the valid pattern src, in O(K) time: the units of src at or below the
// candidate each push it one further. (Listing all N−K inactive units per
// cue cost 5% of a K-of-N capacity search on WebAssembly.)
func nthInactive(src Pattern, j int) int32 {
	u := int32(j)
	for _, a := range src {
		if a > u {
			break
		}
		u++
	}
	return u
}

// choose returns k distinct integers from [0, n) in the order drawn (a partial
// Fisher–Yates shuffle over a sparse map, O(k) time and space).
func choose(r *rand.Rand, n, k int) []int {
	swapped := make(map[int]int, k)
	out := make([]int, k)
	for i := range k {
		j := i + r.IntN(n-i)
		vj, ok := swapped[j]
		if !ok {
			vj = j
		}
		vi, ok := swapped[i]
		if !ok {
			vi = i
		}
		swapped[j] = vi
		out[i] = vj
	}
	return out
}

// FlipCounts returns n integer flip counts whose mean is exactly nflip when
// nflip·n is an integer, and otherwise as close as integers allow: each count
// is ⌊nflip⌋ or ⌈nflip⌉, and the round(frac·n) counts that get ⌈nflip⌉ are
// chosen at random (the package doc, section Distortion, gives the reason).
func FlipCounts(r *rand.Rand, n int, nflip float64) []int {
	lo := int(nflip)
	frac := nflip - float64(lo)
	ups := int(frac*float64(n) + 0.5)
	out := make([]int, n)
	for i := range out {
		out[i] = lo
	}
	if ups > 0 {
		for _, i := range choose(r, n, ups) {
			out[i]++
		}
	}
	return out
}
