// Package jobs holds the job kinds of the Dopamine and Sparse labs (the
// memory experiment's kind is in core/experiment): each registers itself
// with package job, so the core-only worker program (wasm/worker) hosts
// every lab's work by importing this package. A lab builds requests with
// the types here and reads the results back; both are JSON.
//
// Kinds:
//   - "dopamine.train": the live run of the Dopamine lab, every optimizer
//     trained side by side from the same initial weights (a
//     dopamine.Group); a unit advances the run from one step to another and
//     answers with a snapshot of what the lab draws.
//   - "dopamine.compare": one optimizer trained with one seed for a step
//     budget; units are optimizer × seed pairs, run in parallel.
//   - "sparse.train": the Sparse lab's two models learning MNIST; a unit
//     advances them and answers with their receptive fields, test accuracy
//     and weight statistics. The data is the packed subset the request
//     names in "assets".
package jobs

// The memory experiment's kind registers itself in core/experiment: import
// it here so that importing this package brings every lab's kinds.
import _ "hebbplay/core/experiment"
