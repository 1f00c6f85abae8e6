package plot

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func labels(ts []Tick) []string {
	var out []string
	for _, t := range ts {
		if !t.Minor {
			out = append(out, t.Label)
		}
	}
	return out
}

func TestTicksLinear(t *testing.T) {
	tests := []struct {
		lo, hi float64
		max    int
		want   string
	}{
		{0, 1, 6, "0 0.2 0.4 0.6 0.8 1"},
		{0, 10, 6, "0 2 4 6 8 10"},
		{0, 5000, 6, "0 1000 2000 3000 4000 5000"},
		{-1, 1, 5, "−1 −0.5 0 0.5 1"},
		{0.13, 0.91, 5, "0.2 0.4 0.6 0.8"},
		{0, 1000, 3, "0 500 1000"},
		{0, 7, 10, "0 1 2 3 4 5 6 7"},
	}
	for _, tc := range tests {
		got := strings.Join(labels(Ticks(tc.lo, tc.hi, Linear, tc.max)), " ")
		if got != tc.want {
			t.Errorf("Ticks(%g, %g, %d) = %q, want %q", tc.lo, tc.hi, tc.max, got, tc.want)
		}
	}
	for _, tc := range tests {
		if n := len(Ticks(tc.lo, tc.hi, Linear, tc.max)); n > tc.max {
			t.Errorf("Ticks(%g, %g, %d): %d ticks", tc.lo, tc.hi, tc.max, n)
		}
	}
	if Ticks(1, 1, Linear, 5) != nil || Ticks(2, 1, Linear, 5) != nil {
		t.Error("an empty range has ticks")
	}
}

func TestTicksLog(t *testing.T) {
	tests := []struct {
		lo, hi float64
		max    int
		want   string
	}{
		{1e-3, 1, 6, "0.001 0.01 0.1 1"},
		{1e-6, 1, 8, "10⁻⁶ 10⁻⁵ 10⁻⁴ 10⁻³ 10⁻² 10⁻¹ 10⁰"},
		{1e-8, 1, 5, "10⁻⁸ 10⁻⁶ 10⁻⁴ 10⁻² 10⁰"},
		{1, 1e4, 6, "1 10 100 1000 10000"},
		{0.02, 0.5, 6, "0.02 0.05 0.1 0.2 0.5"},
		{2, 8, 6, "2 5"},
		{2, 8, 8, "2 3 4 5 6 7 8"},
	}
	for _, tc := range tests {
		got := strings.Join(labels(Ticks(tc.lo, tc.hi, Log10, tc.max)), " ")
		if got != tc.want {
			t.Errorf("Ticks(%g, %g, log, %d) = %q, want %q", tc.lo, tc.hi, tc.max, got, tc.want)
		}
	}
	// Minor ticks at 2…9 between the decades of a short range.
	ts := Ticks(0.01, 1, Log10, 6)
	minor := 0
	for _, tk := range ts {
		if tk.Minor {
			minor++
			if tk.Label != "" {
				t.Errorf("minor tick %g has a label", tk.Value)
			}
		}
		if tk.Value < 0.01*(1-1e-9) || tk.Value > 1*(1+1e-9) {
			t.Errorf("tick %g outside the range", tk.Value)
		}
	}
	if minor != 16 {
		t.Errorf("%d minor ticks in [0.01, 1], want 16", minor)
	}
	for i := 1; i < len(ts); i++ {
		if ts[i].Value <= ts[i-1].Value {
			t.Fatalf("ticks not increasing: %v", ts)
		}
	}
	if Ticks(0, 1, Log10, 5) != nil {
		t.Error("a log range from 0 has ticks")
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct {
		lo, hi float64
		s      Scale
		a, b   float64
	}{
		{0.013, 0.97, Linear, 0, 1},
		{3, 3, Linear, 2.4, 3.6},
		{0.0031, 0.27, Log10, 0.001, 1},
		{0.03, 0.08, Log10, 0.02, 0.1},
		{0.25, 0.25, Log10, 0.1, 0.5},
		{1, 100, Log10, 1, 100},
	}
	for _, tc := range tests {
		a, b := NiceRange(tc.lo, tc.hi, tc.s)
		if math.Abs(a-tc.a) > 1e-12 || math.Abs(b-tc.b) > 1e-12 {
			t.Errorf("NiceRange(%g, %g, %v) = %g, %g, want %g, %g", tc.lo, tc.hi, tc.s, a, b, tc.a, tc.b)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 0.0123: "0.0123", 4.5678: "4.57", 1234: "1234", -0.5: "−0.5",
		1.2e-5: "1.2e−05", 3e6: "3.0e+06", math.Inf(1): "∞",
	} {
		if got := FormatNumber(v); got != want {
			t.Errorf("FormatNumber(%g) = %q, want %q", v, got, want)
		}
	}
}

func TestMapping(t *testing.T) {
	m := Mapping{Area: image.Rect(10, 20, 110, 220), XMin: 0, XMax: 10, YMin: 1e-3, YMax: 1, YScale: Log10}
	if x := m.X(0); x != 10 {
		t.Errorf("X(0) = %g", x)
	}
	if x := m.X(5); x != 60 {
		t.Errorf("X(5) = %g", x)
	}
	if y := m.Y(1); y != 20 {
		t.Errorf("Y(1) = %g", y)
	}
	if y := m.Y(0.01); math.Abs(y-(220-200.0/3)) > 1e-9 {
		t.Errorf("Y(0.01) = %g", y)
	}
	if y := m.Y(0); !math.IsNaN(y) {
		t.Errorf("Y(0) on a log axis = %g, want NaN", y)
	}
	x, y := m.Data(59, 153)
	if math.Abs(x-4.95) > 1e-9 || math.Abs(math.Log10(y)-(-3+3*(220-153.5)/200)) > 1e-9 {
		t.Errorf("Data(59, 153) = %g, %g", x, y)
	}
	if p := m.Pt(5, 0.01); p != image.Pt(60, 153) {
		t.Errorf("Pt = %v", p)
	}
}

var (
	white = color.RGBA{0xff, 0xff, 0xff, 0xff}
	red   = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
)

func canvas(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Rect, white)
	return img
}

func at(img *image.RGBA, x, y int) color.RGBA { return img.RGBAAt(x, y) }

func TestSeriesPixels(t *testing.T) {
	img := canvas(400, 300)
	p := Plot{
		X: Axis{Label: "x", Min: 0, Max: 10},
		Y: Axis{Label: "y", Min: 0, Max: 1},
		Series: []Series{
			{Label: "flat", X: []float64{0, 10}, Y: []float64{0.5, 0.5}, Color: red, Width: 3},
			{Label: "dots", X: []float64{2, 8}, Y: []float64{0.8, 0.2}, Style: Points, MarkerSize: 9},
		},
	}
	m := p.Draw(img, img.Rect)
	if m.Area.Dx() < 300 || m.Area.Dy() < 200 || m.Area.Min.X < 20 || m.Area.Max.Y > 280 {
		t.Fatalf("area %v leaves no room for the data or the labels", m.Area)
	}
	// The horizontal line at y = 0.5 crosses the whole area in red.
	yr := int(m.Y(0.5))
	for _, x := range []int{m.Area.Min.X + 5, (m.Area.Min.X + m.Area.Max.X) / 2, m.Area.Max.X - 5} {
		if c := at(img, x, yr); c != red {
			t.Errorf("pixel (%d, %d) on the line is %v", x, yr, c)
		}
		if c := at(img, x, yr-6); c == red {
			t.Errorf("pixel (%d, %d) above the line is red", x, yr-6)
		}
	}
	// The markers sit at their data points in the second palette colour.
	for _, d := range [][2]float64{{2, 0.8}, {8, 0.2}} {
		q := m.Pt(d[0], d[1])
		if c := at(img, q.X, q.Y); c != p.color(1) {
			t.Errorf("marker at %v is %v, want %v", q, c, p.color(1))
		}
	}
	// Tick labels and axis labels put dark pixels left of and below the area.
	dark := func(r image.Rectangle) int {
		n := 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if c := at(img, x, y); c.R < 0x80 && c.G < 0x80 {
					n++
				}
			}
		}
		return n
	}
	if dark(image.Rect(0, 0, m.Area.Min.X-6, 300)) < 50 {
		t.Error("no y tick labels")
	}
	if dark(image.Rect(0, m.Area.Max.Y+6, 400, 300)) < 50 {
		t.Error("no x tick labels")
	}
	legend := p.Legend()
	if len(legend) != 2 || legend[0].Color != red || legend[1].Label != "dots" {
		t.Errorf("legend %+v", legend)
	}
}

func TestLogSeriesSkipsNonPositive(t *testing.T) {
	img := canvas(300, 200)
	p := Plot{Y: Axis{Scale: Log10}, Series: []Series{{Y: []float64{1, 0.1, 0, -1, 0.01, 0.001}, Color: red}}}
	m := p.Draw(img, img.Rect)
	if m.YMin != 0.001 || m.YMax != 1 {
		t.Errorf("y range %g…%g, want 0.001…1", m.YMin, m.YMax)
	}
	// The gap between x = 1 and x = 4 stays empty at mid-height.
	x := int(m.X(2.5))
	for y := m.Area.Min.Y + 2; y < m.Area.Max.Y-2; y++ {
		if at(img, x, y) == red {
			t.Fatalf("a line crosses the gap at (%d, %d)", x, y)
		}
	}
	if at(img, int(m.X(4.5)), int(m.Y(math.Sqrt(0.01*0.001)))) != red {
		t.Error("the segment 0.01 → 0.001 is missing")
	}
}

func TestDashedRef(t *testing.T) {
	img := canvas(300, 200)
	p := Plot{X: Axis{Min: 0, Max: 1}, Y: Axis{Min: 0, Max: 1}, Refs: []Ref{{Value: 0.5, Color: red, Dash: 5}}}
	m := p.Draw(img, img.Rect)
	y := int(m.Y(0.5))
	on, off := 0, 0
	for x := m.Area.Min.X + 1; x < m.Area.Max.X-1; x++ {
		if at(img, x, y) == white {
			off++
		} else {
			on++
		}
	}
	if on < 50 || off < 50 {
		t.Errorf("dashed line: %d pixels on, %d off", on, off)
	}
}

func TestBarsAndHeat(t *testing.T) {
	img := canvas(300, 200)
	blue := color.RGBA{0, 0, 0xff, 0xff}
	p := Plot{
		X: Axis{Min: 0, Max: 1}, Y: Axis{Min: 0, Max: 1},
		Heat: &Heat{Cols: 2, Rows: 2, Values: []float64{0, 0, 1, 1}, X0: 0, X1: 1, Y0: 0, Y1: 1, Color: func(v float64) color.RGBA {
			if v > 0.5 {
				return blue
			}
			return white
		}},
	}
	m := p.Draw(img, img.Rect)
	if c := at(img, int(m.X(0.5)), int(m.Y(0.9))); c != blue {
		t.Errorf("top of the heat map is %v", c)
	}
	if c := at(img, int(m.X(0.5)), int(m.Y(0.1))); c != white {
		t.Errorf("bottom of the heat map is %v", c)
	}
	img = canvas(300, 200)
	p = Plot{Series: []Series{{X: []float64{0, 1, 2, 3}, Y: []float64{1, 3, 2}, Style: Bars, Color: red}}}
	m = p.Draw(img, img.Rect)
	if m.YMin != 0 {
		t.Errorf("bars start at %g, want 0", m.YMin)
	}
	if at(img, int(m.X(1.5)), int(m.Y(2.9))) != red || at(img, int(m.X(0.5)), int(m.Y(1.1))) == red {
		t.Error("bar heights wrong")
	}
}

func TestDrawStaysInside(t *testing.T) {
	img := canvas(500, 300)
	r := image.Rect(100, 50, 400, 250)
	p := Plot{X: Axis{Label: "step"}, Y: Axis{Label: "loss", Scale: Log10}, Grid: true, Title: "t",
		Series: []Series{{Y: []float64{1e3, 1e-9, math.NaN(), math.Inf(1), 5}, Marker: Ring}},
		Refs:   []Ref{{Value: 1e-2, Label: "target"}, {Value: 2, Vertical: true, Label: "here"}}}
	p.Draw(img, r)
	for y := 0; y < 300; y++ {
		for x := 0; x < 500; x++ {
			if !(image.Pt(x, y).In(r)) && at(img, x, y) != white {
				t.Fatalf("pixel (%d, %d) outside the rectangle was drawn", x, y)
			}
		}
	}
	// Tiny rectangles and empty plots must not panic.
	(&Plot{}).Draw(img, image.Rect(0, 0, 5, 5))
	(&Plot{}).Draw(img, img.Rect)
}

func TestText(t *testing.T) {
	if w1, w2 := TextWidth("10", 14), TextWidth("1000", 14); !(w1 > 5 && w2 > w1*1.7) {
		t.Errorf("widths %g, %g", w1, w2)
	}
	if h := TextHeight(20); h < 18 || h > 30 {
		t.Errorf("height %g at size 20", h)
	}
	img := canvas(100, 40)
	Text(img, "Loss ⁻³", 50, 20, 16, red, 0.5, 0.5)
	n := 0
	for y := 0; y < 40; y++ {
		for x := 0; x < 100; x++ {
			if at(img, x, y) != white {
				n++
				if x < 20 || x > 80 {
					t.Fatalf("text pixel at (%d, %d) far from the centre", x, y)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d text pixels", n)
	}
}

// TestPicture writes an example plot as PNG when PLOT_PNG names a directory
// (to look at the result).
func TestPicture(t *testing.T) {
	dir := os.Getenv("PLOT_PNG")
	if dir == "" {
		t.Skip("set PLOT_PNG=<dir> to write the example pictures")
	}
	img := canvas(480, 280)
	var xs, a, b []float64
	for k := 0; k <= 2000; k += 5 {
		xs = append(xs, float64(k))
		a = append(a, 0.25*math.Exp(-float64(k)/300)+1e-4)
		b = append(b, 0.25/(1+float64(k)/50)*(1+0.3*math.Sin(float64(k))))
	}
	p := Plot{X: Axis{Label: "training step"}, Y: Axis{Label: "loss", Scale: Log10}, Grid: true,
		Series: []Series{{Label: "Adam", X: xs, Y: a}, {Label: "WP", X: xs, Y: b}},
		Refs:   []Ref{{Value: 0.01, Label: "target 0.01"}}}
	p.Draw(img, img.Rect)
	f, err := os.Create(filepath.Join(dir, "plot-example.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

func BenchmarkDraw(b *testing.B) {
	img := canvas(480, 280)
	var xs, ys []float64
	for k := 0; k < 2000; k++ {
		xs = append(xs, float64(k))
		ys = append(ys, 0.25*math.Exp(-float64(k)/300)*(1+0.5*math.Sin(float64(k))))
	}
	p := Plot{X: Axis{Label: "step"}, Y: Axis{Label: "loss", Scale: Log10}, Grid: true,
		Series: []Series{{X: xs, Y: ys}, {X: xs, Y: ys, Dash: 4}}, Refs: []Ref{{Value: 0.01, Label: "target"}}}
	for b.Loop() {
		fill(img, img.Rect, white)
		p.Draw(img, img.Rect)
	}
}
