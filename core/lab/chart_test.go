package lab

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"hebbplay/core/params"
)

func TestChartValidate(t *testing.T) {
	ok := Chart{ID: "c", Series: []Series{{Label: "a", Color: "#112233", X: []float64{1, 2}, Y: []float64{3, math.NaN()}}},
		Refs: []Ref{{Label: "target", Value: 0.5}}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		damage func(c *Chart)
		want   string
	}{
		{"no id", func(c *Chart) { c.ID = "" }, "no ID"},
		{"lengths", func(c *Chart) { c.Series[0].Y = c.Series[0].Y[:1] }, "2 x values and 1 y values"},
		{"notes", func(c *Chart) { c.Series[0].Notes = []string{"one"} }, "1 notes for 2 values"},
		{"colour", func(c *Chart) { c.Series[0].Color = "blue" }, `colour "blue"`},
		{"histogram edges", func(c *Chart) { c.Series[0].Histogram = true }, "2 bin edges for 2 bins, want 3"},
		{"categories", func(c *Chart) { c.Categories = []string{"a", "b", "c"} }, "2 values for 3 categories"},
		{"band alone", func(c *Chart) { c.Series[0].Band = "hi" }, "must follow its lower edge"},
		{"band kind", func(c *Chart) { c.Series[0].Band = "mid" }, `band "mid"`},
		{"ref value", func(c *Chart) { c.Refs[0].Value = math.Inf(1) }, "reference 0 (target)"},
		{"log range", func(c *Chart) { c.YLog, c.YMin, c.YMax = true, 0, 1 }, "log y axis from 0"},
	} {
		c := ok
		c.Series = append([]Series(nil), ok.Series...)
		c.Refs = append([]Ref(nil), ok.Refs...)
		tc.damage(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
	// A histogram with one more edge than bins, and a bar chart, are fine.
	h := Chart{ID: "h", Series: []Series{{Color: "#000000", Histogram: true, X: []float64{1, 2, 4}, Y: []float64{5, 6}}}}
	b := Chart{ID: "b", Categories: []string{"x", "y"}, Series: []Series{{Color: "#000000", Y: []float64{1, math.NaN()}}}}
	for _, c := range []Chart{h, b} {
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestPaletteAndParamLine(t *testing.T) {
	for k, c := range Palette {
		if !isHex(c) || Hex(RGBA(c)) != strings.ToUpper(c) {
			t.Errorf("palette %s: %q does not round-trip (%s)", k, c, Hex(RGBA(c)))
		}
	}
	if RGBA("#D55E00") != (color.RGBA{0xd5, 0x5e, 0x00, 0xff}) || Colour("rule/bayes-sym", 0) != Palette["rule/bayes-sym"] || Colour("nope", 7) != fallback[1] {
		t.Error("colour lookup")
	}
	tab := params.NewTable(
		params.Param{Name: "n", Label: "Patterns", Type: params.Int, Min: 1, Max: 9, Default: "3", Unit: "patterns"},
		params.Param{Name: "seed", Label: "Seed", Type: params.Int, Min: 1, Max: 9, Default: "1"},
	)
	if got := ParamLine(tab, tab.Defaults(), "seed", "gone", "n"); got != "Seed = 1 · Patterns = 3 patterns" {
		t.Errorf("ParamLine %q", got)
	}
}

// ParamLineShown leaves out the parameters a classroom link hides and
// keeps the others in order.
func TestParamLineShown(t *testing.T) {
	tab := params.NewTable(
		params.Param{Name: "a", Label: "Alpha", Type: params.Int, Min: 0, Max: 9, Default: "1"},
		params.Param{Name: "b", Label: "Beta", Type: params.Int, Min: 0, Max: 9, Default: "2", Unit: "s"},
		params.Param{Name: "c", Label: "Gamma", Type: params.Int, Min: 0, Max: 9, Default: "3"},
	)
	v := tab.Defaults()
	if got, want := ParamLineShown(tab, v, []string{"b"}, "a", "b", "c"), "Alpha = 1 · Gamma = 3"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ParamLine(tab, v, "a", "b"), "Alpha = 1 · Beta = 2 s"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
