package dopaminelab

import "hebbplay/core/params"

// The sliders of ranges over two decades move on a log scale.
func init() {
	var names []string
	for _, n := range []string{"target", "steps", "spf", "lr_sgd", "lr_adam", "lr_wp", "eta0"} {
		names = append(names, n+"_xor", n+"_mg")
	}
	table.SetScale(params.Log, append(names, "sigma", "rmax", "horizon")...)
}
