package resolvers

import "context"

// CheckOnce runs one round of Live.Poll, for tests.
func (l *Live) CheckOnce(ctx context.Context) { l.check(ctx) }
