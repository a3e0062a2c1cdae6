package model

// Shape is what a memory definition looks like structurally, kept for the
// checks the CreateMemory API makes (rule ML601): union objects, numeric
// fields with ranges and list sizes, each with its position.
type Shape struct {
	// Unions are the objects of which exactly one member must be set: each
	// memoryStrategies element, each customMemoryStrategy configuration,
	// each trigger condition and each stream delivery resource.
	Unions []Union
	// Numbers are the range-checked numeric fields (messageCount,
	// tokenCount, idleSessionTimeout, historicalContextWindowSize) as
	// written.
	Numbers []Number
	// Lists are the size-checked lists (streamDeliveryResources.resources,
	// each kinesis contentConfigurations).
	Lists []List
}

// Union is one union object and the members it sets.
type Union struct {
	Kind    string // memoryStrategy, configuration, triggerCondition, streamDeliveryResource
	Loc     Loc    // the object
	Members []Str  // member keys with their positions
}

// Number is one numeric field: its name, its text and where it is.
type Number struct {
	Field string
	Value Str
}

// List is one size-checked list.
type List struct {
	Field string // "resources" or "contentConfigurations"
	Count int
	Loc   Loc
}
