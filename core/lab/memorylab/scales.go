package memorylab

import "hebbplay/core/params"

// The sliders of ranges over two decades move on a log scale, and the
// cued pattern's −1 is offered as "random" (links keep target=-1).
func init() {
	table.SetScale(params.Log, "exp_reps", "exp_pmax", "exp_parents", "N", "K", "npat", "niter", "target", "unit")
	table.SetNamed("target", "random")
}
