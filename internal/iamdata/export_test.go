package iamdata

// DecodeAll decodes data, or the embedded catalog when data is empty,
// completely and without caching, returning its version string.
func DecodeAll(data string) (string, error) {
	if data == "" {
		data = catalogData
	}
	c, err := decodeAll(data)
	if err != nil {
		return "", err
	}
	return c.name + " " + c.version + " (" + c.date + ")", nil
}

// CatalogData is the embedded catalog file.
var CatalogData = catalogData

// MatchTemplate exposes matchTemplate to the external tests.
var MatchTemplate = matchTemplate

// ColdLookup parses the embedded catalog afresh and looks up one action of
// service svc: the cost a CLI run pays for its first lookup (header, key
// table, one service).
func ColdLookup(svc, action string) bool {
	c, err := parse(catalogData)
	if err != nil {
		return false
	}
	s, ok := c.byPrefix[svc]
	if !ok {
		return false
	}
	_, ok = s.data().action(action)
	return ok
}

// FreshCatalog parses the embedded catalog afresh, so that a test sees its
// lazy decoding from the start; it returns MatchActions bound to it.
func FreshCatalog() (matchActions func(pattern string) []*Action) {
	c, err := parse(catalogData)
	if err != nil {
		panic(err)
	}
	return c.matchActions
}

// ServiceBlock returns the encoded block of a service of the embedded
// catalog.
func ServiceBlock(prefix string) string { return load().byPrefix[prefix].block }

// DecodeServiceBlock decodes a service block against the embedded catalog's
// dictionary and condition keys.
func DecodeServiceBlock(block string) error {
	c := load()
	_, err := decodeService(c.levels, c.words(), c.keys(), "fuzz", block)
	return err
}
