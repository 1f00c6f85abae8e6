package sparse

import "hebbplay/core/nn"

// Classes is the number of output units, one per digit.
const Classes = 10

// readout is the output layer o = σ(V·h + c) over a batch of sparse hidden
// codes, as an optim.Objective. Its parameter vector holds V row-major
// (V[k*hidden+j] is hidden j → output k) followed by c. The loss is the mean
// squared error against one-hot targets, L = 1/(n·10)·Σ (o − t)², the loss
// of the Dopamine lab's MLP.
//
// A code is the k winners' unit indices and activities; the batch keeps n
// codes of k entries, flat.
type readout struct {
	hidden, k int
	units     []int     // n·k winner indices
	acts      []float64 // n·k winner activities
	labels    []int     // n labels
	o         []float64 // scratch: one example's outputs
}

// dim returns the number of parameters, Classes·hidden + Classes.
func (r *readout) dim() int { return Classes*r.hidden + Classes }

// reset empties the batch.
func (r *readout) reset() {
	r.units, r.acts, r.labels = r.units[:0], r.acts[:0], r.labels[:0]
}

// add appends one example's code and label to the batch.
func (r *readout) add(units []int, acts []float64, label int) {
	r.units = append(r.units, units...)
	r.acts = append(r.acts, acts...)
	r.labels = append(r.labels, label)
}

// len returns the number of examples in the batch.
func (r *readout) len() int { return len(r.labels) }

// outputs stores in o the outputs for one code.
func (r *readout) outputs(o, w []float64, units []int, acts []float64) {
	v, c := w[:Classes*r.hidden], w[Classes*r.hidden:]
	for k := range o {
		s := c[k]
		row := v[k*r.hidden : (k+1)*r.hidden]
		for m, j := range units {
			s += row[j] * acts[m]
		}
		o[k] = sigmoid(s)
	}
}

// Loss returns the batch's mean squared error with parameters w.
func (r *readout) Loss(w []float64) float64 {
	r.o = grow(r.o, Classes)
	var sum float64
	for e, label := range r.labels {
		r.outputs(r.o, w, r.units[e*r.k:(e+1)*r.k], r.acts[e*r.k:(e+1)*r.k])
		for k, ok := range r.o {
			d := ok - target(k, label)
			sum += d * d
		}
	}
	return sum / float64(len(r.labels)*Classes)
}

// LossGrad stores the exact gradient of Loss in grad and returns the loss.
func (r *readout) LossGrad(grad, w []float64) float64 {
	r.o = grow(r.o, Classes)
	clear(grad)
	gv, gc := grad[:Classes*r.hidden], grad[Classes*r.hidden:]
	n := len(r.labels)
	scale := 2 / float64(n*Classes)
	var sum float64
	for e, label := range r.labels {
		units, acts := r.units[e*r.k:(e+1)*r.k], r.acts[e*r.k:(e+1)*r.k]
		r.outputs(r.o, w, units, acts)
		for k, ok := range r.o {
			d := ok - target(k, label)
			sum += d * d
			dz := scale * d * ok * (1 - ok)
			gc[k] += dz
			row := gv[k*r.hidden : (k+1)*r.hidden]
			for m, j := range units {
				row[j] += dz * acts[m]
			}
		}
	}
	return sum / float64(n*Classes)
}

// ActivationBytes returns the bytes LossGrad keeps beyond the batch: one
// example's outputs.
func (r *readout) ActivationBytes() int { return 8 * Classes }

// target returns the one-hot target of output k for label.
func target(k, label int) float64 {
	if k == label {
		return 1
	}
	return 0
}

// sigmoid returns 1/(1 + e^−z).
func sigmoid(z float64) float64 { return 1 / (1 + nn.Exp(-z)) }

// grow returns buf resliced to length n, reallocating only when too small.
func grow(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// eligible is the part of the output layer a batch's loss depends on: the
// output weights of the hidden units active in the batch, and the biases.
// gather copies them into a compact parameter vector, with a readout over the
// batch's codes renumbered to match, so that a perturbation optimizer
// perturbs only these; scatter writes them back.
type eligible struct {
	global []int     // global unit of each local slot
	local  []int     // hidden-sized map from global unit to local slot, −1 if none
	w      []float64 // compact parameters: V_local (Classes×len(global)) then c
	sub    readout   // the batch over local slots
}

// gather builds the compact problem for batch b with full parameters w.
func (e *eligible) gather(b *readout, w []float64) {
	if len(e.local) != b.hidden {
		e.local = make([]int, b.hidden)
		for j := range e.local {
			e.local[j] = -1
		}
	}
	e.global = e.global[:0]
	e.sub.k = b.k
	e.sub.units = e.sub.units[:0]
	for _, j := range b.units {
		if e.local[j] < 0 {
			e.local[j] = len(e.global)
			e.global = append(e.global, j)
		}
		e.sub.units = append(e.sub.units, e.local[j])
	}
	e.sub.acts = append(e.sub.acts[:0], b.acts...)
	e.sub.labels = append(e.sub.labels[:0], b.labels...)
	L := len(e.global)
	e.sub.hidden = L
	e.w = grow(e.w, e.sub.dim())
	for k := 0; k < Classes; k++ {
		for l, j := range e.global {
			e.w[k*L+l] = w[k*b.hidden+j]
		}
	}
	copy(e.w[Classes*L:], w[Classes*b.hidden:])
}

// scatter writes the compact parameters back into w and clears the map.
func (e *eligible) scatter(b *readout, w []float64) {
	L := len(e.global)
	for k := 0; k < Classes; k++ {
		for l, j := range e.global {
			w[k*b.hidden+j] = e.w[k*L+l]
		}
	}
	copy(w[Classes*b.hidden:], e.w[Classes*L:])
	for _, j := range e.global {
		e.local[j] = -1
	}
}
