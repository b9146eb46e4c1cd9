// Package e2e holds citygraph's end-to-end tests: they build the citygraph
// binary, run `citygraph serve` on a free 127.0.0.1 port over a temporary
// store with the demo data and talk to it over HTTP and signals, as a user
// or an operator would. There is no library code here.
package e2e
