package lab

import (
	"fmt"
	"image/color"
	"strconv"
)

// Palette is the one set of named chart colours, used by the labs' charts
// (Go) and by the page (the bridge hands it over as getPalette()), so that a
// rule, an optimizer or a model has the same colour everywhere. Keys are
// "<kind>/<name>": rule/<memory rule>, method/<optimizer>, model/<model>, and
// a few roles (ref, truth, baseline). Colour-blind safe: Okabe–Ito accents,
// then greys and a dark ochre.
var Palette = map[string]string{
	// The memory rules, in table order.
	"rule/hebb":           "#E69F00",
	"rule/covariance":     "#56B4E9",
	"rule/presynaptic":    "#009E73",
	"rule/hopfield":       "#0072B2",
	"rule/willshaw":       "#D55E00",
	"rule/bcpnn":          "#CC79A7",
	"rule/bayes":          "#000000",
	"rule/hopfield-dense": "#999999",
	"rule/bayes-sym":      "#7F5F00",
	// The Dopamine lab's optimizers.
	"method/sgd":      "#0072B2",
	"method/adam":     "#009E73",
	"method/wp":       "#CC79A7",
	"method/dopamine": "#D55E00",
	// The sparse lab's models.
	"model/hebbian":     "#0072B2",
	"model/hebbian-few": "#56B4E9",
	"model/backprop":    "#D55E00",
	"model/transfer":    "#009E73",
	"model/histogram":   "#9CB8D9",
	// Roles.
	"ref":      "#666666",
	"truth":    "#20242A",
	"baseline": "#20242A",
}

// fallback colours series whose key is not in the Palette, by index.
var fallback = []string{"#1F3B73", "#E69F00", "#00805E", "#D55E00", "#56B4E9", "#CC79A7"}

// Colour returns the palette's colour of key, or a fallback chosen by i
// when the palette has none.
func Colour(key string, i int) string {
	if c, ok := Palette[key]; ok {
		return c
	}
	return fallback[((i%len(fallback))+len(fallback))%len(fallback)]
}

// RGBA parses a "#rrggbb" colour (black when it is not one).
func RGBA(hex string) color.RGBA {
	if len(hex) != 7 || hex[0] != '#' {
		return color.RGBA{A: 0xff}
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return color.RGBA{A: 0xff}
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// Hex writes c as "#rrggbb".
func Hex(c color.RGBA) string { return fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B) }
