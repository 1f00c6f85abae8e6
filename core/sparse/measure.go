package sparse

import (
	"hebbplay/core/nn"
	"math"
	"slices"
)

// FitLogNormal returns the maximum-likelihood lognormal fit of the positive
// values of x: μ and σ are the mean and the (population) standard deviation
// of ln x over the values x > 0. It returns NaN for both if there are none.
func FitLogNormal(x []float64) (mu, sigma float64) {
	var n, s, ss float64
	for _, v := range x {
		if v > 0 {
			l := nn.Log(v)
			n++
			s += l
			ss += l * l
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	mu = s / n
	return mu, math.Sqrt(math.Max(ss/n-mu*mu, 0))
}

// FitNormal returns the maximum-likelihood normal fit of x: its mean and
// (population) standard deviation. It returns NaN for both if x is empty.
func FitNormal(x []float64) (mean, sd float64) {
	if len(x) == 0 {
		return math.NaN(), math.NaN()
	}
	var s float64
	for _, v := range x {
		s += v
	}
	mean = s / float64(len(x))
	var ss float64
	for _, v := range x {
		d := v - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(x)))
}

// NormalCDF returns the distribution function of N(mu, sigma²) at x.
func NormalCDF(x, mu, sigma float64) float64 {
	return 0.5 * nn.Erfc(-(x-mu)/(sigma*math.Sqrt2))
}

// LogNormalCDF returns the distribution function at x of the lognormal
// whose logarithm is N(mu, sigma²); it is 0 for x ≤ 0.
func LogNormalCDF(x, mu, sigma float64) float64 {
	if x <= 0 {
		return 0
	}
	return NormalCDF(nn.Log(x), mu, sigma)
}

// KS returns the Kolmogorov–Smirnov distance sup_x |F_n(x) − F(x)| between
// the empirical distribution of the sorted sample and the continuous
// distribution function cdf (Kolmogorov 1933): the largest of i/n − F(x_i)
// and F(x_i) − (i−1)/n over the sample. It returns NaN for an empty sample.
// sorted must be in increasing order.
func KS(sorted []float64, cdf func(float64) float64) float64 {
	n := float64(len(sorted))
	if n == 0 {
		return math.NaN()
	}
	var d float64
	for i, x := range sorted {
		f := cdf(x)
		d = max(d, float64(i+1)/n-f, f-float64(i)/n)
	}
	return d
}

// Fit is a two-parameter fit and its Kolmogorov–Smirnov distance to the
// sample it was fitted to.
type Fit struct {
	// Mu and Sigma are the parameters: the mean and standard deviation of
	// the sample (normal fit) or of its logarithm (lognormal fit).
	Mu, Sigma float64
	// KS is the Kolmogorov–Smirnov distance between the sample and the fit.
	KS float64
}

// WeightStats summarises the distribution of a layer's weights.
type WeightStats struct {
	// Synapses is the number of weights.
	Synapses int
	// Silent is the number of zero weights, and SilentFraction their share.
	Silent         int
	SilentFraction float64
	// Negative is the number of negative weights.
	Negative int
	// LogNormal is the lognormal fit to the magnitudes |w| of the non-zero
	// weights, and Normal the normal fit to the same magnitudes, for
	// comparison: the smaller KS fits better.
	LogNormal, Normal Fit
}

// Weights measures the distribution of the weights w; scratch (which may be
// nil) is used for the sorted magnitudes and returned for reuse.
func Weights(w, scratch []float64) (WeightStats, []float64) {
	st := WeightStats{Synapses: len(w)}
	mag := scratch[:0]
	for _, v := range w {
		switch {
		case v == 0:
			st.Silent++
		case v < 0:
			st.Negative++
			mag = append(mag, -v)
		default:
			mag = append(mag, v)
		}
	}
	if len(w) > 0 {
		st.SilentFraction = float64(st.Silent) / float64(len(w))
	}
	slices.Sort(mag)
	mu, sigma := FitLogNormal(mag)
	st.LogNormal = Fit{Mu: mu, Sigma: sigma, KS: math.NaN()}
	m, sd := FitNormal(mag)
	st.Normal = Fit{Mu: m, Sigma: sd, KS: math.NaN()}
	if len(mag) > 0 && sigma > 0 {
		st.LogNormal.KS = KS(mag, func(x float64) float64 { return LogNormalCDF(x, mu, sigma) })
	}
	if len(mag) > 0 && sd > 0 {
		st.Normal.KS = KS(mag, func(x float64) float64 { return NormalCDF(x, m, sd) })
	}
	return st, mag
}

// Histogram is a histogram of weight magnitudes on a log axis, with the
// counts a fitted lognormal predicts for each bin.
type Histogram struct {
	// Lo and Hi are the decimal logarithms of the first bin's lower edge and
	// the last bin's upper edge; the bins are equally wide in log10 |w|.
	Lo, Hi float64
	// Counts holds the number of non-zero weights in each bin.
	Counts []int
	// Fit holds the number the lognormal fit (μ, σ) predicts in each bin:
	// n·(F(upper edge) − F(lower edge)), with n the non-zero weights.
	Fit []float64
	// Zeros is the number of zero (silent) weights, which a log axis cannot
	// show.
	Zeros int
	// Mu and Sigma are the lognormal fit's parameters (natural logarithm).
	Mu, Sigma float64
}

// LogHistogram bins the magnitudes of the non-zero weights w into bins
// equally wide in log10 |w| between the smallest and largest magnitude, and
// adds the lognormal fit. dst's slices are reused when they have room.
func LogHistogram(dst *Histogram, w []float64, bins int) {
	bins = max(bins, 1)
	dst.Counts = slices.Grow(dst.Counts[:0], bins)[:bins]
	dst.Fit = grow(dst.Fit, bins)
	clear(dst.Counts)
	clear(dst.Fit)
	dst.Zeros = 0
	lo, hi := math.Inf(1), math.Inf(-1)
	var n, s, ss float64 // count, Σ ln|w| and Σ ln²|w| of the non-zero weights
	for _, v := range w {
		if v == 0 {
			dst.Zeros++
			continue
		}
		a := math.Abs(v)
		lo, hi = min(lo, a), max(hi, a)
		l := nn.Log(a)
		n++
		s += l
		ss += l * l
	}
	if n == 0 {
		dst.Lo, dst.Hi, dst.Mu, dst.Sigma = 0, 0, math.NaN(), math.NaN()
		return
	}
	dst.Mu = s / n
	dst.Sigma = math.Sqrt(math.Max(ss/n-dst.Mu*dst.Mu, 0))
	dst.Lo, dst.Hi = nn.Log10(lo), nn.Log10(hi)
	if dst.Hi-dst.Lo < 1e-9 {
		dst.Hi = dst.Lo + 1e-9
	}
	width := (dst.Hi - dst.Lo) / float64(bins)
	for _, v := range w {
		if v != 0 {
			b := int((nn.Log10(math.Abs(v)) - dst.Lo) / width)
			dst.Counts[min(max(b, 0), bins-1)]++
		}
	}
	if dst.Sigma > 0 {
		for b := range dst.Fit {
			e0 := nn.Exp((dst.Lo + float64(b)*width) * math.Ln10)
			e1 := nn.Exp((dst.Lo + float64(b+1)*width) * math.Ln10)
			dst.Fit[b] = n * (LogNormalCDF(e1, dst.Mu, dst.Sigma) - LogNormalCDF(e0, dst.Mu, dst.Sigma))
		}
	}
}

// SignConsistency stores in dst, for each presynaptic unit i of a layer with
// post×pre weights w (w[j*pre+i] from i to j), the share of its non-zero
// outgoing weights that have its majority sign, max(n₊, n₋)/(n₊ + n₋) ∈
// [0.5, 1], and returns dst. A unit obeys Dale's law when its consistency is
// 1. Units without non-zero outgoing weights get NaN.
func SignConsistency(dst, w []float64, post, pre int) []float64 {
	dst = grow(dst, pre)
	for i := 0; i < pre; i++ {
		var pos, neg int
		for j := 0; j < post; j++ {
			switch v := w[j*pre+i]; {
			case v > 0:
				pos++
			case v < 0:
				neg++
			}
		}
		if pos+neg == 0 {
			dst[i] = math.NaN()
			continue
		}
		dst[i] = float64(max(pos, neg)) / float64(pos+neg)
	}
	return dst
}

// Dale summarises the sign consistency of a layer's presynaptic units.
type Dale struct {
	// Layer names the layer.
	Layer string
	// Units is the number of presynaptic units with non-zero outgoing
	// weights, the units measured.
	Units int
	// Mean is their mean sign consistency, 0.5 (signs at random, for many
	// synapses) to 1 (every unit obeys Dale's law).
	Mean float64
	// Obeying is the share of them whose outgoing weights all share a sign.
	Obeying float64
	// Excitatory is the share of them whose majority sign is positive.
	Excitatory float64
}

// DaleOf measures Dale's law for layer l.
func DaleOf(l Layer) Dale {
	d := Dale{Layer: l.Name}
	var sum float64
	var obey, exc int
	for i := 0; i < l.Pre; i++ {
		var pos, neg int
		for j := 0; j < l.Post; j++ {
			switch v := l.W[j*l.Pre+i]; {
			case v > 0:
				pos++
			case v < 0:
				neg++
			}
		}
		if pos+neg == 0 {
			continue
		}
		d.Units++
		sum += float64(max(pos, neg)) / float64(pos+neg)
		if pos == 0 || neg == 0 {
			obey++
		}
		if pos > neg {
			exc++
		}
	}
	if d.Units == 0 {
		d.Mean, d.Obeying, d.Excitatory = math.NaN(), math.NaN(), math.NaN()
		return d
	}
	d.Mean = sum / float64(d.Units)
	d.Obeying = float64(obey) / float64(d.Units)
	d.Excitatory = float64(exc) / float64(d.Units)
	return d
}

// Sparseness measures how sparse a population's activity is.
type Sparseness struct {
	// Active is the mean share of units whose activity magnitude exceeds
	// ActiveThreshold.
	Active float64
	// Population is the mean over images of the population sparseness
	// S = (1 − a)/(1 − 1/N), a = (Σ|h|/N)²/(Σh²/N) the Treves–Rolls activity
	// ratio over the N units (Vinje and Gallant 2000): 0 when all units are
	// equally active, 1 when one unit carries all activity.
	Population float64
	// Lifetime is the same measure taken for each unit over the images and
	// averaged over the units that were ever active: how selective a unit is.
	Lifetime float64
}

// ActiveThreshold is the activity magnitude above which Sparsity counts a
// unit as active: 5 % of the range of a sigmoid unit, 2.5 % of a tanh unit's.
const ActiveThreshold = 0.05

// Sparsity measures the activities h of units units for h's len/units
// images, image after image (h[e*units+j] is unit j on image e). Magnitudes
// |h| are used, so tanh units are measured like sigmoid ones.
func Sparsity(h []float64, units int) Sparseness {
	n := len(h) / units
	if n == 0 || units == 0 {
		return Sparseness{math.NaN(), math.NaN(), math.NaN()}
	}
	var s Sparseness
	ratio := func(sum, sumSq, count float64) (float64, bool) {
		if sumSq == 0 || count < 2 {
			return 0, false
		}
		a := (sum / count) * (sum / count) / (sumSq / count)
		return (1 - a) / (1 - 1/count), true
	}
	var pop float64
	var popN int
	active := 0
	for e := 0; e < n; e++ {
		var sum, sumSq float64
		for _, v := range h[e*units : (e+1)*units] {
			a := math.Abs(v)
			sum += a
			sumSq += a * a
			if a > ActiveThreshold {
				active++
			}
		}
		if r, ok := ratio(sum, sumSq, float64(units)); ok {
			pop += r
			popN++
		}
	}
	var life float64
	var lifeN int
	for j := 0; j < units; j++ {
		var sum, sumSq float64
		for e := 0; e < n; e++ {
			a := math.Abs(h[e*units+j])
			sum += a
			sumSq += a * a
		}
		if r, ok := ratio(sum, sumSq, float64(n)); ok {
			life += r
			lifeN++
		}
	}
	s.Active = float64(active) / float64(n*units)
	s.Population, s.Lifetime = math.NaN(), math.NaN()
	if popN > 0 {
		s.Population = pop / float64(popN)
	}
	if lifeN > 0 {
		s.Lifetime = life / float64(lifeN)
	}
	return s
}

// CountActive adds one image's hidden activities h to counts (reused when
// long enough, and returned): counts[j] is the number of images on which
// unit j was active, its activity magnitude above ActiveThreshold. For the
// Hebbian layer, whose units are silent unless among the k winners, that is
// the number of images the unit won (with a usable activity).
func CountActive(counts []int, h []float64) []int {
	if len(counts) < len(h) {
		counts = append(counts, make([]int, len(h)-len(counts))...)
	}
	for j, v := range h {
		if math.Abs(v) > ActiveThreshold {
			counts[j]++
		}
	}
	return counts
}

// DeadFraction returns the share of units whose count is zero: units that
// were active on none of the images counted (CountActive), "dead" units
// that take no part in the code. It returns NaN for no units.
//
// A competitive layer loses units this way when some start too far from
// every image to ever win: the winners then learn all images between them.
// Homeostasis (the biases' drive towards the target activity ρ) revives
// them, at a pace set by η_b and τ.
func DeadFraction(counts []int) float64 {
	if len(counts) == 0 {
		return math.NaN()
	}
	dead := 0
	for _, c := range counts {
		if c == 0 {
			dead++
		}
	}
	return float64(dead) / float64(len(counts))
}
