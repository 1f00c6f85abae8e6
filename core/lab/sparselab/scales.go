package sparselab

import "hebbplay/core/params"

// The sliders of ranges over two decades move on a log scale.
func init() {
	table.SetScale(params.Log, "H", "examples", "hebb_images", "tau", "per_frame", "few_presents", "eta", "init_max", "sigma", "bp_rate")
}
