package library

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"

	"hebbplay/core/lab"
)

// Limits on the charts of one result.
const (
	// MaxCharts bounds the charts of a result.
	MaxCharts = 32
	// MaxSeries bounds the series of one chart.
	MaxSeries = 64
	// MaxPoints bounds the points of all charts of a result together.
	MaxPoints = 200000
	// maxLabel bounds titles, labels and category names, in bytes.
	maxLabel = 300
)

// Num is a chart value that may be missing: NaN in Go, null in JSON (where
// JavaScript's JSON.stringify writes NaN and infinities as null too).
type Num float64

// MarshalJSON writes NaN and infinities as null.
func (n Num) MarshalJSON() ([]byte, error) {
	x := float64(n)
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return []byte("null"), nil
	}
	return json.Marshal(x)
}

// UnmarshalJSON reads null as NaN.
func (n *Num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Num(math.NaN())
		return nil
	}
	var x float64
	if err := json.Unmarshal(b, &x); err != nil {
		return fmt.Errorf("%s is not a number", short(string(b)))
	}
	*n = Num(x)
	return nil
}

// Chart is one chart of a saved run (a Dopamine or sparse-lab run): the
// lab's chart data (lab.Chart) without its presentation-only parts, so that
// the Library can overlay the curves of two results. The JSON names are the
// page's (the bridge's) names of lab.Chart's fields.
type Chart struct {
	ID         string   `json:"id"`
	Title      string   `json:"title"`
	XLabel     string   `json:"xLabel"`
	YLabel     string   `json:"yLabel"`
	XLog       bool     `json:"xLog"`
	YLog       bool     `json:"yLog"`
	Categories []string `json:"categories,omitempty"`
	Series     []Series `json:"series"`
}

// Series is one curve (or one set of bars) of a saved chart.
type Series struct {
	Label     string `json:"label"`
	Color     string `json:"color"`
	X         []Num  `json:"x"`
	Y         []Num  `json:"y"`
	Dashed    bool   `json:"dashed,omitempty"`
	Markers   bool   `json:"markers,omitempty"`
	Histogram bool   `json:"histogram,omitempty"`
}

// FromLab returns the saved form of a lab's chart.
func FromLab(c lab.Chart) Chart {
	out := Chart{ID: c.ID, Title: c.Title, XLabel: c.XLabel, YLabel: c.YLabel, XLog: c.XLog, YLog: c.YLog, Categories: c.Categories}
	for _, s := range c.Series {
		if s.Band != "" {
			continue
		}
		out.Series = append(out.Series, Series{Label: s.Label, Color: s.Color, X: nums(s.X), Y: nums(s.Y),
			Dashed: s.Dashed, Markers: s.Markers, Histogram: s.Histogram})
	}
	return out
}

func nums(xs []float64) []Num {
	out := make([]Num, len(xs))
	for i, x := range xs {
		out[i] = Num(x)
	}
	return out
}

func floats(xs []Num) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = float64(x)
	}
	return out
}

// Lab returns the chart as lab chart data (for validation and drawing).
func (c Chart) Lab() lab.Chart {
	out := lab.Chart{ID: c.ID, Title: c.Title, XLabel: c.XLabel, YLabel: c.YLabel, XLog: c.XLog, YLog: c.YLog, Categories: c.Categories}
	for _, s := range c.Series {
		out.Series = append(out.Series, lab.Series{Label: s.Label, Color: s.Color, X: floats(s.X), Y: floats(s.Y),
			Dashed: s.Dashed, Markers: s.Markers, Histogram: s.Histogram})
	}
	return out
}

// charts reads and checks a result's charts: known fields only, within the
// limits, each a valid lab chart with distinct ids.
func charts(raw json.RawMessage) ([]Chart, error) {
	var cs []Chart
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cs); err != nil {
		return nil, fmt.Errorf(`"charts" must be a list of charts (%v)`, err)
	}
	if len(cs) > MaxCharts {
		return nil, fmt.Errorf(`"charts" holds %d charts; at most %d`, len(cs), MaxCharts)
	}
	points := 0
	ids := map[string]bool{}
	for i, c := range cs {
		what := fmt.Sprintf("chart %d (%s)", i+1, short(c.ID))
		if !validName(c.ID) {
			return nil, fmt.Errorf(`%s: "id" must be lower-case letters, digits, '-' and '_'`, what)
		}
		if ids[c.ID] {
			return nil, fmt.Errorf("%s: id used twice", what)
		}
		ids[c.ID] = true
		if len(c.Series) > MaxSeries {
			return nil, fmt.Errorf("%s: %d series; at most %d", what, len(c.Series), MaxSeries)
		}
		texts := append([]string{c.Title, c.XLabel, c.YLabel}, c.Categories...)
		for _, s := range c.Series {
			texts = append(texts, s.Label)
			points += len(s.X) + len(s.Y)
		}
		for _, t := range texts {
			if len(t) > maxLabel {
				return nil, fmt.Errorf("%s: a label is longer than %d bytes", what, maxLabel)
			}
		}
		if points > MaxPoints {
			return nil, fmt.Errorf("the charts hold more than %d values", MaxPoints)
		}
		if err := c.Lab().Validate(); err != nil {
			return nil, fmt.Errorf("%s: %v", what, err)
		}
	}
	if cs == nil {
		return nil, errors.New(`"charts" must be a list of charts, not null`)
	}
	return cs, nil
}
