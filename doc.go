// Package hebbplay is a browser playground for local Hebbian learning rules
// and associative memory. This root package holds no code: it documents the
// layout and keeps the repository self-contained (see its test).
//
// The science is documented in the packages that implement it:
//
//   - hebbplay/core/pattern: modular and K-of-N patterns, distortion,
//     prototype and correlated sets;
//   - hebbplay/core/memory: co-activation counts, the learning rules, recall;
//   - hebbplay/core/experiment: fcorr, capacity, bits per synapse, prototype
//     extraction, correlation sweeps;
//   - hebbplay/core/dopamine and its subpackages: weight perturbation and the
//     Dopamine optimizer;
//   - hebbplay/core/sparse: the biologically constrained sparse rule;
//   - hebbplay/core/params, hebbplay/core/lab, hebbplay/core/library: the
//     parameter table and permalinks, the lab contract, saved experiments.
//
// The browser programs are in wasm/ (their package docs state the browser
// facts they rely on), the static page in web/, and the commands, server and
// browser tests in scripts/.
package hebbplay
