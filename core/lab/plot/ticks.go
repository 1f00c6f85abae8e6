package plot

import (
	"math"
	"strconv"
	"strings"
)

// Tick is one tick mark of an axis.
type Tick struct {
	// Value is the tick's data value.
	Value float64
	// Label is its text ("" for minor ticks).
	Label string
	// Minor ticks are shorter and unlabelled.
	Minor bool
}

// Ticks returns the ticks of the range [lo, hi] on the given scale, at most
// max of them labelled (max < 2 means 6).
//
// On a linear axis the major ticks are the multiples of the largest-enough
// 1-2-5 step (…, 0.1, 0.2, 0.5, 1, 2, …) inside the range. On a log axis they
// are the decades (every second, fifth, … decade when there are too many, the
// others becoming minor ticks) with minor ticks at 2…9 × 10ⁿ when few decades
// are shown; a range within about one decade gets major ticks at the 1-2-5
// values instead. Labels are plain decimals ("0.01", "250"), or powers of
// ten ("10⁻⁴") on a log axis reaching below 0.001 or above 10⁴.
func Ticks(lo, hi float64, s Scale, max int) []Tick {
	if max < 2 {
		max = 6
	}
	if !(lo < hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	if s == Log10 {
		if lo <= 0 {
			return nil
		}
		return logTicks(lo, hi, max)
	}
	step := niceStep((hi-lo)/float64(max-1), false)
	for (hi-lo)/step+1 > float64(max)+1e-9 {
		step = niceStep(step*1.01, false)
	}
	dec := decimals(step)
	var out []Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		out = append(out, Tick{Value: v, Label: formatFixed(v, dec)})
	}
	return out
}

// decimals is the number of decimal digits needed to write multiples of step.
func decimals(step float64) int {
	d := 0
	for s := step; d < 12 && math.Abs(s-math.Round(s)) > 1e-9*math.Max(1, s); s *= 10 {
		d++
	}
	return d
}

func formatFixed(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return strings.Replace(s, "-", "−", 1)
}

func logTicks(lo, hi float64, max int) []Tick {
	a := int(math.Ceil(math.Log10(lo) - 1e-9))
	b := int(math.Floor(math.Log10(hi) + 1e-9))
	power := a < -3 || b > 4
	var out []Tick
	if b-a+1 >= 2 {
		every := 1
		for (b-a)/every+1 > max {
			every++
		}
		for e := a; e <= b; e++ {
			v := math.Pow(10, float64(e))
			if e%every == 0 {
				out = append(out, Tick{Value: v, Label: logLabel(1, e, power)})
			} else {
				out = append(out, Tick{Value: v, Minor: true})
			}
		}
		if b-a <= 5 {
			for e := a - 1; e <= b; e++ {
				for m := 2; m <= 9; m++ {
					v := float64(m) * math.Pow(10, float64(e))
					if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
						out = append(out, Tick{Value: v, Minor: true})
					}
				}
			}
		}
		sortTicks(out)
		return out
	}
	// Within about a decade: 1-2-5 values, or 1…9 if that gives too few
	// and not too many.
	for _, ms := range [][]int{{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 5}} {
		out = nil
		for e := a - 1; e <= b; e++ {
			for m := 1; m <= 9; m++ {
				v := float64(m) * math.Pow(10, float64(e))
				if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
					continue
				}
				major := false
				for _, k := range ms {
					major = major || k == m
				}
				if major {
					out = append(out, Tick{Value: v, Label: logLabel(m, e, power)})
				} else {
					out = append(out, Tick{Value: v, Minor: true})
				}
			}
		}
		if n := countMajor(out); n <= max {
			break
		}
	}
	sortTicks(out)
	return out
}

func countMajor(ts []Tick) int {
	n := 0
	for _, t := range ts {
		if !t.Minor {
			n++
		}
	}
	return n
}

func sortTicks(ts []Tick) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Value < ts[j-1].Value; j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

// logLabel writes m·10^e.
func logLabel(m, e int, power bool) string {
	if power {
		s := "10" + superscript(e)
		if m != 1 {
			s = strconv.Itoa(m) + "×" + s
		}
		return s
	}
	v := float64(m) * math.Pow(10, float64(e))
	return formatFixed(v, max(0, -e))
}

// superscript writes n in superscript digits.
func superscript(n int) string {
	const digits = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	sup := []rune(digits)
	var b strings.Builder
	if n < 0 {
		b.WriteRune('⁻')
		n = -n
	}
	for _, c := range strconv.Itoa(n) {
		b.WriteRune(sup[c-'0'])
	}
	return b.String()
}

// FormatNumber writes v with about three significant digits, the way tick
// labels and captions show numbers: "0.0123", "4.56", "1230", "1.2e−05".
func FormatNumber(v float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case v == 0:
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e-3 && a < 1e5 {
		dec := max(0, 2-int(math.Floor(math.Log10(a))))
		s := strconv.FormatFloat(v, 'f', dec, 64)
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return strings.Replace(s, "-", "−", 1)
	}
	s := strconv.FormatFloat(v, 'e', 1, 64)
	return strings.ReplaceAll(s, "-", "−")
}
