package load

import (
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// shape reads the structure of a memory definition (CreateMemory or
// UpdateMemory input, GetMemory output) that the API validates: union
// objects, numeric ranges and list sizes (rule ML601).
func shape(n *source.Node) model.Shape {
	var s model.Shape
	union := func(kind string, o *source.Node) {
		if o == nil || o.Kind != source.Object {
			return
		}
		u := model.Union{Kind: kind, Loc: o.Loc}
		for _, f := range o.Fields {
			u.Members = append(u.Members, model.Str{Value: f.Key, Loc: f.KeyLoc})
		}
		s.Unions = append(s.Unions, u)
	}
	number := func(field string, o *source.Node) {
		if v := o.Get(field); v != nil && v.Kind == source.Number {
			s.Numbers = append(s.Numbers, model.Number{Field: field, Value: model.Str{Value: v.Value, Loc: v.Loc}})
		}
	}
	strategies := n.Get("memoryStrategies")
	input := strategies != nil // GetMemory output strategies are not unions
	if strategies == nil {
		strategies = n.Get("strategies")
	}
	for _, st := range itemsOf(strategies) {
		custom := st
		if input {
			union("memoryStrategy", st)
			custom = st.Get("customMemoryStrategy")
			if custom != nil {
				union("configuration", custom.Get("configuration"))
			}
		}
		sm := get(custom, "configuration", "selfManagedConfiguration")
		if sm == nil {
			continue
		}
		number("historicalContextWindowSize", sm)
		for _, tc := range itemsOf(sm.Get("triggerConditions")) {
			union("triggerCondition", tc)
			number("messageCount", get(tc, "messageBasedTrigger"))
			number("tokenCount", get(tc, "tokenBasedTrigger"))
			number("idleSessionTimeout", get(tc, "timeBasedTrigger"))
		}
	}
	if rs := get(n, "streamDeliveryResources", "resources"); rs != nil && rs.Kind == source.Array {
		s.Lists = append(s.Lists, model.List{Field: "resources", Count: len(rs.Items), Loc: rs.Loc})
		for _, r := range rs.Items {
			union("streamDeliveryResource", r)
			if cc := get(r, "kinesis", "contentConfigurations"); cc != nil && cc.Kind == source.Array {
				s.Lists = append(s.Lists, model.List{Field: "contentConfigurations", Count: len(cc.Items), Loc: cc.Loc})
			}
		}
	}
	return s
}
