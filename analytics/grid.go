package analytics

import (
	"math"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// gridDeg is the side of a grid cell in degrees (about 55 km north-south).
const gridDeg = 0.5

// placeGrid finds the places within a radius of a point: the places with
// coordinates bucketed by cells of gridDeg degrees, each cell's places in
// ascending index order.
type placeGrid struct {
	nodes []graph.Municipality
	cells map[[2]int32][]int32
}

func gridCell(lat, lon float64) [2]int32 {
	return [2]int32{int32(math.Floor(lat / gridDeg)), int32(math.Floor(lon / gridDeg))}
}

func newPlaceGrid(nodes []graph.Municipality) *placeGrid {
	g := &placeGrid{nodes: nodes, cells: map[[2]int32][]int32{}}
	for i := range nodes {
		if m := &nodes[i]; m.HasCoords {
			c := gridCell(m.Lat, m.Lon)
			g.cells[c] = append(g.cells[c], int32(i))
		}
	}
	return g
}

// within calls fn for every place within km of lat/lon with its distance,
// cell by cell in a fixed order (rows south to north, cells west to east,
// places by index), so sums over it come out the same every time.
func (g *placeGrid) within(lat, lon, km float64, fn func(v int32, d float64)) {
	c := gridCell(lat, lon)
	dy := int32(math.Ceil(km/111.2/gridDeg)) + 1
	cos := math.Cos(lat * math.Pi / 180)
	dx := int32(360 / gridDeg)
	if cos > 0.05 {
		dx = min(int32(math.Ceil(km/(111.2*cos)/gridDeg))+1, int32(360/gridDeg))
	}
	for y := c[0] - dy; y <= c[0]+dy; y++ {
		for x := c[1] - dx; x <= c[1]+dx; x++ {
			for _, v := range g.cells[[2]int32{y, x}] {
				m := &g.nodes[v]
				if d := gazetteer.Distance(lat, lon, m.Lat, m.Lon); d <= km {
					fn(v, d)
				}
			}
		}
	}
}
