package live

import "context"

// CheckOnce runs one round of Poll, for tests.
func (h *Holder) CheckOnce(ctx context.Context) { h.check(ctx) }
