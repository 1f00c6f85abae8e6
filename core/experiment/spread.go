package experiment

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mathext"
)

// Spread across repetitions.
//
// The P90 of a table is where fcorr averaged over R repetitions falls to 90%.
// It is one number, but the repetitions scatter around it: each repetition
// has its own fcorr curve and its own crossing (at 20×20, Hebb's per-
// repetition P90 has a standard deviation of about 10%). An Interval reports
// that spread: every repetition's own P90 and a 95% confidence interval of
// their mean.
//
// Method: the Student-t interval of the mean, mean ± t(0.975, R−1)·s/√R, with
// s the sample standard deviation of the R per-repetition values. The
// repetitions are independent draws (each from its own seeded stream), and a
// per-repetition P90 is a sum-like crossing point of many recalls, so its
// distribution is close to normal and the t interval is the textbook choice
// for a small R (Student 1908; e.g. Wasserman, All of Statistics, 2004,
// §6.3.2 and §10.4). Unlike a bootstrap it needs no random draws of its own,
// so it is exact and identical natively and in the browser, and it is
// defined for R = 2 already (a bootstrap of 2 or 3 values is meaningless).
// For R = 1 there is no interval: Lo = Hi = Mean and Defined is false.

// WideInterval is the relative half-width above which an interval is flagged
// as too wide to read the value to better than ±5%.
const WideInterval = 0.05

// Confidence is the coverage of the intervals reported (95%).
const Confidence = 0.95

// Interval is the spread of per-repetition values and the Student-t
// confidence interval (coverage Confidence) of their mean.
type Interval struct {
	N          int     // number of values (repetitions)
	Mean       float64 // mean of the values
	SD         float64 // sample standard deviation (n−1 in the denominator); 0 for N < 2
	Lo, Hi     float64 // the interval Mean ∓ HalfWidth
	HalfWidth  float64 // t(1−(1−Confidence)/2, N−1)·SD/√N; 0 for N < 2
	Defined    bool    // N ≥ 2: an interval exists
	RelHalfWid float64 // HalfWidth/|Mean| (0 when both are 0, +Inf when only Mean is 0)
}

// Wide reports whether the interval's half-width exceeds WideInterval of the
// mean, or is undefined (a single repetition says nothing of the spread).
func (iv Interval) Wide() bool { return !iv.Defined || iv.RelHalfWid > WideInterval }

// TQuantile returns the two-sided Student-t critical value for coverage c
// with df degrees of freedom: the (1+c)/2 quantile (12.706 for c = 0.95,
// df = 1; 2.262 for df = 9; 1.96 as df → ∞), rounded to tDigits
// significant digits.
//
// The rounding makes it the same number natively and in WebAssembly: the
// quantile goes through math.Log, math.Exp and friends, which are assembly
// on amd64 and pure Go in WebAssembly and may differ in the last bit;
// everything after it (sums, products, quotients, square roots) is exact
// IEEE arithmetic on both. TestTQuantileRobust checks that for every df
// up to MaxReps a relative error of 1e-12 cannot change the rounded value.
func TQuantile(c float64, df int) float64 {
	// The upper quantile as gonum's distuv.StudentsT computes it (p > 0.5:
	// F(t) = 1 - I_x(nu/2, 1/2)/2 with x = nu/(t²+nu)), from mathext alone:
	// distuv links gonum's mat, LAPACK and BLAS, 2.7 MB of the app's code.
	nu := float64(df)
	x := mathext.InvRegIncBeta(nu/2, 0.5, 2*(1-(1+c)/2))
	t := math.Sqrt(nu * (1 - x) / x)
	return roundSig(t, tDigits)
}

// tDigits is the number of significant digits TQuantile keeps.
const tDigits = 9

// roundSig rounds x to n significant digits through its decimal text, which
// is exact and the same on every platform.
func roundSig(x float64, n int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', n-1, 64), 64)
	return v
}

// MeanInterval returns the mean, sample standard deviation and Student-t
// interval (coverage Confidence) of xs, summed in order so the result does
// not depend on anything but the values.
func MeanInterval(xs []float64) Interval {
	iv := Interval{N: len(xs)}
	if len(xs) == 0 {
		return iv
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	iv.Mean = s / float64(len(xs))
	iv.Lo, iv.Hi = iv.Mean, iv.Mean
	if len(xs) < 2 {
		return iv
	}
	var ss float64
	for _, x := range xs {
		d := x - iv.Mean
		ss += d * d
	}
	iv.SD = math.Sqrt(ss / float64(len(xs)-1))
	iv.HalfWidth = TQuantile(Confidence, len(xs)-1) * iv.SD / math.Sqrt(float64(len(xs)))
	iv.Lo, iv.Hi = iv.Mean-iv.HalfWidth, iv.Mean+iv.HalfWidth
	iv.Defined = true
	switch {
	case iv.HalfWidth == 0:
	case iv.Mean == 0:
		iv.RelHalfWid = math.Inf(1)
	default:
		iv.RelHalfWid = iv.HalfWidth / math.Abs(iv.Mean)
	}
	return iv
}

// RepsForHalfWidth returns the number of repetitions whose Student-t
// interval would have a relative half-width of at most rel, given a pilot's
// relative standard deviation cv = sd/mean: the smallest n with
// t(0.975, n−1)·cv/√n ≤ rel (at least 2, at most MaxReps).
func RepsForHalfWidth(cv, rel float64) int {
	for n := 2; n < MaxReps; n++ {
		if TQuantile(Confidence, n-1)*cv/math.Sqrt(float64(n)) <= rel {
			return n
		}
	}
	return MaxReps
}

// SpreadWarning returns a one-line warning when the interval of the mean
// per-repetition P90 of r is wider than ±WideInterval (or undefined), saying
// about how many repetitions would narrow it; "" otherwise or when r has no
// per-repetition values.
func SpreadWarning(r CapacityResult) string {
	sp := r.Spread
	if sp.N == 0 || !sp.Wide() {
		return ""
	}
	if !sp.Defined {
		return fmt.Sprintf("rule %s: P90 = %d from a single repetition: no interval of its spread (use 2 or more repetitions)", r.Rule, r.P90)
	}
	msg := fmt.Sprintf("rule %s: P90 = %d; the 95%% interval of the mean per-repetition P90 is %.1f–%.1f (±%.1f%%), wider than ±%g%%",
		r.Rule, r.P90, sp.Lo, sp.Hi, 100*sp.RelHalfWid, 100*WideInterval)
	if sp.Mean > 0 {
		msg += fmt.Sprintf("; about %d repetitions would narrow it to ±%g%%", RepsForHalfWidth(sp.SD/sp.Mean, WideInterval), 100*WideInterval)
	}
	return msg
}
