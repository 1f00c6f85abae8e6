// Package nn holds small dense networks shared by the Dopamine and the
// sparse-rule labs: a one-hidden-layer perceptron (MLP) and an Elman
// recurrent network (RNN), each with an exact gradient (backpropagation for
// the MLP, backpropagation through time for the RNN).
//
// Parameters live in one flat []float64 vector so that optimizers and weight
// perturbations can treat every network alike. Each type documents its layout;
// matrices are row-major with one row per receiving unit, so that W[j*in+i] is
// the weight from input i to unit j.
//
// The networks keep scratch buffers between calls and reuse them, so a
// network value must not be used by several goroutines at once. Calls on the
// hot path (Loss, LossGrad, Predict) allocate nothing once the buffers have
// grown to the batch or sequence size.
//
// References:
//   - D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations
//     by back-propagating errors", Nature 323:533–536 (1986).
//   - J. L. Elman, "Finding structure in time", Cognitive Science 14:179–211
//     (1990).
//   - P. J. Werbos, "Backpropagation through time: what it does and how to do
//     it", Proceedings of the IEEE 78(10):1550–1560 (1990).
package nn
