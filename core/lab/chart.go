package lab

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"hebbplay/core/params"
)

// Validate checks that a chart is well formed: an ID, series whose X and Y
// match (a histogram has one more edge than counts, a bar chart one value
// per category), bands in lo/hi pairs, "#rrggbb" colours (the page adds
// transparency to them), log axes with positive ranges and finite reference
// values. Labs' tests call it on every chart they produce.
func (c Chart) Validate() error {
	if c.ID == "" {
		return fmt.Errorf("chart %q: no ID", c.Title)
	}
	if len(c.Table.Columns) > 0 {
		for i, r := range c.Table.Rows {
			if len(r) != len(c.Table.Columns) {
				return fmt.Errorf("chart %s: table row %d has %d cells, want %d", c.ID, i, len(r), len(c.Table.Columns))
			}
		}
		return nil
	}
	if c.YMin < c.YMax && c.YLog && c.YMin <= 0 {
		return fmt.Errorf("chart %s: log y axis from %g", c.ID, c.YMin)
	}
	if c.XMin < c.XMax && c.XLog && c.XMin <= 0 {
		return fmt.Errorf("chart %s: log x axis from %g", c.ID, c.XMin)
	}
	for i, s := range c.Series {
		what := fmt.Sprintf("chart %s, series %d (%s)", c.ID, i, s.Label)
		switch {
		case len(c.Categories) > 0:
			if len(s.Y) != len(c.Categories) {
				return fmt.Errorf("%s: %d values for %d categories", what, len(s.Y), len(c.Categories))
			}
		case s.Histogram:
			if len(s.Y) > 0 && len(s.X) != len(s.Y)+1 {
				return fmt.Errorf("%s: %d bin edges for %d bins, want %d", what, len(s.X), len(s.Y), len(s.Y)+1)
			}
		default:
			if len(s.X) != len(s.Y) {
				return fmt.Errorf("%s: %d x values and %d y values", what, len(s.X), len(s.Y))
			}
		}
		if len(s.Notes) > 0 && len(s.Notes) != len(s.Y) {
			return fmt.Errorf("%s: %d notes for %d values", what, len(s.Notes), len(s.Y))
		}
		switch s.Point {
		case "", "triangle", "diamond":
		default:
			return fmt.Errorf("%s: point shape %q is none of circle, triangle, diamond", what, s.Point)
		}
		if !isHex(s.Color) {
			return fmt.Errorf("%s: colour %q is not #rrggbb", what, s.Color)
		}
		switch s.Band {
		case "":
		case "lo":
			if i+1 >= len(c.Series) || c.Series[i+1].Band != "hi" {
				return fmt.Errorf("%s: a band's lower edge must be followed by its upper edge", what)
			}
		case "hi":
			if i == 0 || c.Series[i-1].Band != "lo" {
				return fmt.Errorf("%s: a band's upper edge must follow its lower edge", what)
			}
		default:
			return fmt.Errorf("%s: band %q is neither lo nor hi", what, s.Band)
		}
	}
	for i, r := range c.Refs {
		if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
			return fmt.Errorf("chart %s, reference %d (%s): value %g", c.ID, i, r.Label, r.Value)
		}
		if r.Color != "" && !isHex(r.Color) {
			return fmt.Errorf("chart %s, reference %d (%s): colour %q is not #rrggbb", c.ID, i, r.Label, r.Color)
		}
	}
	return nil
}

func isHex(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// ParamLine writes the named parameters of v as "Label = value unit ·
// …", for Chart.Params (the main parameters drawn into a chart's PNG).
// Names missing from the table are skipped.
func ParamLine(t *params.Table, v params.Values, names ...string) string {
	return ParamLineShown(t, v, nil, names...)
}

// ParamLineShown is [ParamLine] without the parameters a classroom link
// hides (hidden, as [HiddenUser.SetHidden] gets them): a hidden value
// appears nowhere on the page or in its exports.
func ParamLineShown(t *params.Table, v params.Values, hidden []string, names ...string) string {
	if t == nil {
		return ""
	}
	var parts []string
	for _, n := range names {
		p, ok := t.Lookup(n)
		if !ok || slices.Contains(hidden, n) {
			continue
		}
		s := p.Label + " = " + v.Text(n)
		if p.Unit != "" {
			s += " " + p.Unit
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " · ")
}
