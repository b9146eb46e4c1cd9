package graph

import "testing"

func TestPrecisionFirstLast(t *testing.T) {
	for _, tc := range []struct {
		d           Date
		prec        Precision
		first, last Date
	}{
		{Date{}, PrecisionUnknown, Date{}, Date{}},
		{Date{2022, 0, 0}, PrecisionYear, Date{2022, 1, 1}, Date{2022, 12, 31}},
		{Date{2024, 2, 0}, PrecisionMonth, Date{2024, 2, 1}, Date{2024, 2, 29}},
		{Date{2023, 2, 0}, PrecisionMonth, Date{2023, 2, 1}, Date{2023, 2, 28}},
		{Date{2022, 12, 0}, PrecisionMonth, Date{2022, 12, 1}, Date{2022, 12, 31}},
		{Date{2022, 2, 24}, PrecisionDay, Date{2022, 2, 24}, Date{2022, 2, 24}},
	} {
		if p, f, l := tc.d.Precision(), tc.d.First(), tc.d.Last(); p != tc.prec || f != tc.first || l != tc.last {
			t.Errorf("%v: %s %v..%v, want %s %v..%v", tc.d, p, f, l, tc.prec, tc.first, tc.last)
		}
	}
}

// TestAt is the rule for "did the link exist on that day", with the
// question the issue asks: which links existed on 24 February 2022.
func TestAt(t *testing.T) {
	war := Date{2022, 2, 24}
	paused := Partnership{Since: Date{1990, 0, 0}, Status: StatusPaused,
		Events: []Event{{Date: Date{2020, 3, 0}, Status: StatusPaused, Reason: "pandemic"}}}
	resumed := Partnership{Since: Date{1990, 0, 0}, Status: StatusActive,
		Events: []Event{{Date: Date{2020, 3, 0}, Status: StatusPaused}, {Date: Date{2021, 9, 1}, Status: StatusActive}}}
	ended := Partnership{Since: Date{1990, 0, 0}, Until: war, Status: StatusEnded,
		Events: []Event{{Date: war, Status: StatusEnded, Reason: "council decision"}}}
	for _, tc := range []struct {
		name string
		p    Partnership
		d    Date
		want Presence
	}{
		{"no dates", Partnership{}, war, Undated},
		{"no dates, long ago", Partnership{}, Date{1950, 0, 0}, Undated},
		{"no start, ended before", Partnership{Until: Date{2015, 0, 0}}, war, Absent},
		{"no start, ends later", Partnership{Until: Date{2023, 0, 0}}, war, Undated},
		{"day before", Partnership{Since: Date{2022, 2, 23}}, war, Present},
		{"same day", Partnership{Since: war}, war, Present},
		{"day after", Partnership{Since: Date{2022, 2, 25}}, war, Absent},
		{"year of the day", Partnership{Since: Date{2022, 0, 0}}, war, Uncertain},
		{"month of the day", Partnership{Since: Date{2022, 2, 0}}, war, Uncertain},
		{"month before", Partnership{Since: Date{2022, 1, 0}}, war, Present},
		{"month after", Partnership{Since: Date{2022, 3, 0}}, war, Absent},
		{"year before", Partnership{Since: Date{2021, 0, 0}}, war, Present},
		{"year after", Partnership{Since: Date{2023, 0, 0}}, war, Absent},
		{"ended before", Partnership{Since: Date{1990, 0, 0}, Until: Date{2015, 0, 0}}, war, Absent},
		{"ends in the year", Partnership{Since: Date{1990, 0, 0}, Until: Date{2022, 0, 0}}, war, Uncertain},
		{"ends that day", Partnership{Since: Date{1990, 0, 0}, Until: war}, war, Present},
		{"ended the day before", Partnership{Since: Date{1990, 0, 0}, Until: Date{2022, 2, 23}}, war, Absent},
		{"ENDED without a date", Partnership{Since: Date{1990, 0, 0}, Status: StatusEnded}, war, Uncertain},
		{"ENDED, not begun", Partnership{Since: Date{2023, 0, 0}, Status: StatusEnded}, war, Absent},
		{"query by year", Partnership{Since: Date{2021, 6, 1}}, Date{2022, 0, 0}, Present},
		{"PAUSED without a date", Partnership{Since: Date{1990, 0, 0}, Status: StatusPaused}, war, Uncertain},
		{"paused before", paused, war, Paused},
		{"paused later", paused, Date{2019, 12, 1}, Present},
		{"paused in the month", paused, Date{2020, 3, 15}, Uncertain},
		{"resumed", resumed, war, Present},
		{"resumed, between", resumed, Date{2021, 1, 1}, Paused},
		{"ended by an event that day", ended, war, Present},
		{"ended by an event the day before", ended, Date{2022, 2, 25}, Absent},
	} {
		if got := tc.p.At(tc.d); got != tc.want {
			t.Errorf("%s: At(%v) = %s, want %s", tc.name, tc.d, got, tc.want)
		}
	}
}

func TestBeganEnded(t *testing.T) {
	from, to := Date{2022, 2, 24}, Date{2023, 7, 31}
	for _, tc := range []struct {
		p            Partnership
		began, ended Presence
	}{
		{Partnership{}, Undated, Absent},
		{Partnership{Status: StatusEnded}, Undated, Undated},
		{Partnership{Since: Date{2022, 3, 1}}, Present, Absent},
		{Partnership{Since: Date{2022, 2, 24}}, Present, Absent},
		{Partnership{Since: Date{2022, 2, 0}}, Uncertain, Absent},
		{Partnership{Since: Date{2022, 0, 0}}, Uncertain, Absent},
		{Partnership{Since: Date{2023, 0, 0}}, Uncertain, Absent}, // 2023 reaches past July
		{Partnership{Since: Date{2023, 7, 0}}, Present, Absent},
		{Partnership{Since: Date{2021, 0, 0}, Until: Date{2022, 6, 0}}, Absent, Present},
		{Partnership{Since: Date{2021, 0, 0}, Until: Date{2023, 0, 0}}, Absent, Uncertain},
		{Partnership{Since: Date{2024, 0, 0}}, Absent, Absent},
	} {
		if b, e := tc.p.Began(from, to), tc.p.Ended(from, to); b != tc.began || e != tc.ended {
			t.Errorf("%+v: began %s, ended %s; want %s, %s", tc.p, b, e, tc.began, tc.ended)
		}
	}
	if got := (Partnership{Since: Date{1957, 0, 0}}).Began(Date{}, Date{1960, 0, 0}); got != Present {
		t.Errorf("open from: %s", got)
	}
}
