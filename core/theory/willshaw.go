package theory

import (
	"math"

	"hebbplay/core/pattern"
)

// WillshawLoad returns p1, the probability that a given synapse between two
// units of different hypercolumns (modular) or two distinct units (K-of-N)
// was switched on by at least one of the other P−1 stored patterns:
// p1 = 1 − (1 − p_pair)^(P−1), with p_pair = 1/M² (modular) or
// K(K−1)/(N(N−1)) (K-of-N). P may be fractional; P ≤ 1 gives 0.
func WillshawLoad(s pattern.Shape, P float64) float64 {
	if P <= 1 {
		return 0
	}
	var pair float64
	if s.Kind == pattern.Modular {
		pair = 1 / (float64(s.M) * float64(s.M))
	} else {
		pair = float64(s.K) * float64(s.K-1) / (float64(s.N) * float64(s.N-1))
	}
	return -math.Expm1((P - 1) * math.Log1p(-pair))
}

// WillshawFcorr returns the expected fraction of cues recalled exactly after
// one synchronous step of winner-take-all retrieval from a Willshaw net of
// shape s holding P random patterns, each cue distorted with nflip
// hypercolumns (modular) or swaps (K-of-N). A fractional nflip mixes
// floor(nflip) and ceil(nflip) in the proportions the experiments use; a
// fractional P interpolates linearly between the neighbouring whole numbers.
// The derivation and its assumptions are in the package documentation.
func WillshawFcorr(s pattern.Shape, nflip, P float64) float64 {
	if P < 1 || nflip < 0 || math.IsNaN(P) || math.IsInf(P, 0) {
		return math.NaN()
	}
	lo := math.Floor(nflip)
	frac := nflip - lo
	at := func(P int) float64 {
		f := willshawFcorrInt(s, int(lo), P)
		if frac > 0 {
			f = (1-frac)*f + frac*willshawFcorrInt(s, int(lo)+1, P)
		}
		return f
	}
	p0 := math.Floor(P)
	f := at(int(p0))
	if w := P - p0; w > 0 {
		f = (1-w)*f + w*at(int(p0)+1)
	}
	return f
}

func willshawFcorrInt(s pattern.Shape, n, P int) float64 {
	if s.Kind == pattern.Modular {
		return willshawModular(s.H, s.M, n, P)
	}
	return willshawKofN(s.N, s.K, n, P)
}

// usage is the distribution of a unit's usage: the number k of the other
// P−1 patterns it is active in, k ~ Bin(P−1, pi), together with the
// probability q(k) = 1 − (1 − pair)^k that a synapse from a given other unit
// was switched on by one of those k patterns (pair: the chance that one of
// them contains that other unit). Conditioning on k is what makes the
// synapses of one unit independent of each other; averaging over it keeps
// the heavy tail of much-used units, which sets the capacity.
type usage struct {
	lo  int       // smallest k kept
	pmf []float64 // P(k = lo + i)
	q   []float64 // q(lo + i)
}

func newUsage(P int, pi, pair float64) usage {
	lo, pmf := binomRange(P-1, pi, 1e-17)
	normalise(pmf) // the terms dropped must not show up as a lost mass
	u := usage{lo: lo, pmf: pmf, q: make([]float64, len(pmf))}
	for i := range pmf {
		u.q[i] = -math.Expm1(float64(lo+i) * math.Log1p(-pair))
	}
	return u
}

func normalise(p []float64) {
	var s float64
	for _, x := range p {
		s += x
	}
	for i := range p {
		p[i] /= s
	}
}

// mixture returns the distribution of Bin(n, q(k)) averaged over k.
func (u usage) mixture(n int) []float64 {
	out := make([]float64, n+1)
	for i, pk := range u.pmf {
		for v, p := range binomPMF(n, u.q[i]) {
			out[v] += pk * p
		}
	}
	return out
}

// willshawModular: P(every hypercolumn's winner is the target unit) for a
// cue with n of H hypercolumns moved.
//
// The support of a unit comes only from cue units in the other H−1
// hypercolumns (the block of its own hypercolumn is removed). In hypercolumn
// h, with f of the other hypercolumns' cue units moved, the target unit gets
// H−1−f from the correct cue units (pattern μ set those synapses) plus
// Bin(f, q(k)) from the moved ones, k being the target's usage; each of the
// M−1 rivals gets Bin(H−1, q(k')) for its own usage k'. Given the usages
// these are exact (a pattern has one unit per hypercolumn, so the patterns
// through a unit fill the other hypercolumns independently); the
// approximation is to treat the rivals, and the hypercolumns, as
// independent of each other. The n moved hypercolumns see f = n−1 moved
// others, the H−n intact ones f = n.
func willshawModular(H, M, n, P int) float64 {
	if n > H {
		return 0
	}
	m := 1 / float64(M)
	u := newUsage(P, m, m)
	win := winProb(u.mixture(H-1), M-1)
	// a(f): the target of a hypercolumn with f moved others wins.
	a := func(f int) float64 {
		var sum float64
		for i, pk := range u.pmf {
			var s float64
			for j, pj := range binomPMF(f, u.q[i]) {
				s += pj * win[H-1-f+j]
			}
			sum += pk * s
		}
		return sum
	}
	logp := 0.0
	if n > 0 {
		logp += float64(n) * math.Log(a(n-1))
	}
	if H-n > 0 {
		logp += float64(H-n) * math.Log(a(n))
	}
	return math.Min(1, math.Exp(logp))
}

// winProb returns, for every support c = 0…len(pmf)−1 of a target unit, the
// probability that it beats r independent rivals whose supports have the
// distribution pmf, ties going to the lowest index. The target's index is
// uniform among the r+1 units (random patterns), so that rule wins on
// average exactly as often as a fair coin among the tied units:
// with a = F(c−1), b = F(c) (F the rivals' CDF),
//
//	(1/(r+1)) Σ_k a^k b^(r−k) = (b^(r+1) − a^(r+1)) / ((r+1)(b − a)).
//
// It is evaluated as b^r · (1 − ρ^(r+1)) / ((r+1)(1 − ρ)), ρ = a/b, with
// 1 − ρ = pmf(c)/b taken from the pmf, not from a difference.
func winProb(pmf []float64, r int) []float64 {
	out := make([]float64, len(pmf))
	var a float64 // F(c−1)
	for c, q := range pmf {
		b := min(1, a+q)
		if c == len(pmf)-1 {
			b = 1
		}
		switch {
		case b <= 0:
			out[c] = 0
		default:
			x := q / b // 1 − ρ
			var ratio float64
			if x < 1e-9 {
				ratio = 1 - float64(r)*x/2
			} else {
				ratio = -math.Expm1(float64(r+1)*math.Log1p(-x)) / (float64(r+1) * x)
			}
			out[c] = math.Exp(float64(r)*math.Log(b)) * ratio
		}
		a = b
	}
	return out
}

// willshawKofN: P(the K largest supports are exactly the pattern's units)
// for a cue with n of the K active units swapped for inactive ones.
//
// Supports (self-connections removed), each averaged over the unit's usage
// k (q(k) as for modular nets, with pair = (K−1)/(N−1)): the K−n pattern
// units still in the cue get K−n−1 + Bin(n, q(k)); the n pattern units left
// out get K−n + Bin(n, q(k)); the n wrong cue units Bin(K−1, q(k)); the
// other N−K−n units Bin(K, q(k)); the units are taken as independent. Recall is correct when every non-target
// ranks below every target: conditioning on the lowest target support m,
// with t targets and u non-targets at m (all other targets above, all other
// non-targets below), the t targets must have the t lowest indices among
// the t+u tied units, which for random patterns happens with probability
// 1/C(t+u, t).
func willshawKofN(N, K, n, P int) float64 {
	if n > K || n > N-K {
		return 0
	}
	type group struct {
		count, offset int
		pmf           []float64
	}
	u := newUsage(P, float64(K)/float64(N), float64(K-1)/float64(N-1))
	noise := u.mixture(n)
	targets := []group{{K - n, K - n - 1, noise}, {n, K - n, noise}}
	others := []group{{n, 0, u.mixture(K - 1)}, {N - K - n, 0, u.mixture(K)}}
	at := func(g group, v int) float64 { // P(support = v)
		if i := v - g.offset; i >= 0 && i < len(g.pmf) {
			return g.pmf[i]
		}
		return 0
	}
	below := func(g group, v int) float64 { // P(support < v)
		var s float64
		for i, p := range g.pmf {
			if i+g.offset < v {
				s += p
			}
		}
		return s
	}
	// counts returns the distribution of how many units of the groups sit at
	// level m while the others lie on the side given by rest, as log scale +
	// a normalised distribution: Π (α+ρ)^count · [⊛ Bin(count, α/(α+ρ))].
	counts := func(gs []group, m int, rest func(g group, m int) float64) (float64, []float64) {
		logScale := 0.0
		dist := []float64{1}
		for _, g := range gs {
			if g.count == 0 {
				continue
			}
			alpha, rho := at(g, m), rest(g, m)
			tot := alpha + rho
			if tot <= 0 {
				return math.Inf(-1), nil
			}
			logScale += float64(g.count) * math.Log(tot)
			lo, pmf := binomRange(g.count, alpha/tot, 1e-18)
			dist = convolve(dist, append(make([]float64, lo), pmf...))
		}
		return logScale, dist
	}
	above := func(g group, m int) float64 { return max(0, 1-below(g, m)-at(g, m)) }
	var total float64
	for m := 0; m <= K; m++ {
		lt, tdist := counts(targets, m, above)
		if math.IsInf(lt, -1) {
			continue
		}
		lu, udist := counts(others, m, below)
		if math.IsInf(lu, -1) || lt+lu < -745 {
			continue
		}
		var sum float64
		for t := 1; t < len(tdist); t++ {
			if tdist[t] == 0 {
				continue
			}
			for u, pu := range udist {
				if pu == 0 {
					continue
				}
				sum += tdist[t] * pu * math.Exp(-logChoose(t+u, t))
			}
		}
		total += math.Exp(lt+lu) * sum
	}
	return math.Min(1, total)
}

// binomPMF returns P(X = k), k = 0…n, for X ~ Bin(n, p), computed in log
// space (lgamma) so that large n neither overflows nor underflows early.
func binomPMF(n int, p float64) []float64 {
	out := make([]float64, n+1)
	switch {
	case p <= 0:
		out[0] = 1
		return out
	case p >= 1:
		out[n] = 1
		return out
	}
	lp, lq := math.Log(p), math.Log1p(-p)
	for k := range out {
		out[k] = math.Exp(logChoose(n, k) + float64(k)*lp + float64(n-k)*lq)
	}
	return out
}

// binomRange returns the terms of Bin(n, p) above eps·(the largest term),
// as the first k kept and the terms from there on. It walks out from the
// mode, so a load of many thousand patterns costs only the terms that matter.
func binomRange(n int, p, eps float64) (int, []float64) {
	if p <= 0 || p >= 1 || n < 64 {
		pmf := binomPMF(n, p)
		lo, hi, top := 0, len(pmf), 0.0
		for _, x := range pmf {
			top = max(top, x)
		}
		for lo < hi-1 && pmf[lo] < eps*top {
			lo++
		}
		for hi > lo+1 && pmf[hi-1] < eps*top {
			hi--
		}
		return lo, pmf[lo:hi]
	}
	mode := min(n, int(float64(n+1)*p))
	lp, lq := math.Log(p), math.Log1p(-p)
	logAt := func(k int) float64 { return logChoose(n, k) + float64(k)*lp + float64(n-k)*lq }
	top := logAt(mode)
	cut := top + math.Log(eps)
	lo, hi := mode, mode
	for lo > 0 && logAt(lo-1) >= cut {
		lo--
	}
	for hi < n && logAt(hi+1) >= cut {
		hi++
	}
	pmf := make([]float64, hi-lo+1)
	for i := range pmf {
		pmf[i] = math.Exp(logAt(lo + i))
	}
	return lo, pmf
}

func convolve(a, b []float64) []float64 {
	out := make([]float64, len(a)+len(b)-1)
	for i, x := range a {
		if x == 0 {
			continue
		}
		for j, y := range b {
			out[i+j] += x * y
		}
	}
	return out
}

func logChoose(n, k int) float64 {
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	return lg(n) - lg(k) - lg(n-k)
}

// WillshawP90 returns the number of stored patterns (fractional) at which
// WillshawFcorr falls to frac (0.9 for P90), found by bisection: fcorr
// decreases with P, because the load p1 grows with P. It returns 0 when
// fcorr < frac already at P = 1, and limited = true with P = maxP when fcorr
// is still at least frac at maxP.
func WillshawP90(s pattern.Shape, nflip, frac, maxP float64) (P float64, limited bool) {
	f := func(P float64) float64 { return WillshawFcorr(s, nflip, P) }
	if f(1) < frac {
		return 0, false
	}
	lo, hi := 1.0, 2.0
	for f(hi) >= frac {
		lo = hi
		hi *= 2
		if hi >= maxP {
			if f(maxP) >= frac {
				return maxP, true
			}
			hi = maxP
			break
		}
	}
	for hi-lo > 1e-5*lo {
		mid := (lo + hi) / 2
		if f(mid) >= frac {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2, false
}
