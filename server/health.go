package server

import (
	"encoding/json"
	"net/http"
)

// healthBody is the JSON of /healthz and /readyz.
type healthBody struct {
	Status            string `json:"status"` // ok, starting, degraded
	ProjectionVersion *int64 `json:"projectionVersion,omitempty"`
	Nodes             *int   `json:"nodes,omitempty"`
	Links             *int   `json:"links,omitempty"`
	// Reloading is true while a write's reload runs in the background
	// (the projection served is the one before the write).
	Reloading bool `json:"reloading,omitempty"`
}

// serveHealthz answers /healthz: the process is alive and serving HTTP.
func (s *Server) serveHealthz(w http.ResponseWriter, _ *http.Request) {
	writeHealth(w, http.StatusOK, healthBody{Status: "ok"})
}

// serveReadyz answers /readyz: 503 "starting" until the first projection is
// built; 200 "ok" while the store answers; 200 "degraded" while the store
// cannot be reached and the last projection is served. The cause of a
// degradation goes to the log, not to the response.
func (s *Server) serveReadyz(w http.ResponseWriter, _ *http.Request) {
	pf := s.projectionFigures()
	body := healthBody{Status: "ok"}
	if pf.haveProjection {
		body.ProjectionVersion, body.Nodes, body.Links = &pf.version, &pf.nodes, &pf.links
	}
	body.Reloading = s.cfg.Live != nil && s.cfg.Live.Reloading()
	switch {
	case !pf.ready:
		body.Status = "starting"
		w.Header().Set("Retry-After", "1")
		writeHealth(w, http.StatusServiceUnavailable, body)
	case pf.degraded:
		body.Status = "degraded"
		writeHealth(w, http.StatusOK, body)
	default:
		writeHealth(w, http.StatusOK, body)
	}
}

// projectionFigures reads the live projection's state.
func (s *Server) projectionFigures() projectionFigures {
	if s.cfg.Live == nil {
		return projectionFigures{ready: true}
	}
	ready, degraded, _ := s.cfg.Live.Status()
	pf := projectionFigures{ready: ready, degraded: degraded}
	if p := s.cfg.Live.Current(); p != nil {
		pf.haveProjection = true
		pf.version, pf.nodes, pf.links = p.Version(), p.N(), p.LinkCount()
	}
	return pf
}

func writeHealth(w http.ResponseWriter, status int, body healthBody) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
