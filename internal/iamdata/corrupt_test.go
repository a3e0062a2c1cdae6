package iamdata_test

import (
	"encoding/binary"
	"runtime"
	"testing"

	"github.com/memlint/memlint/internal/iamdata"
)

// TestDecodeServiceBlockHugeCount checks that a corrupt block whose action
// claims a million resource references, with no bytes left to hold them,
// fails without allocating for them (the count was unchecked: references
// were appended after the decode failed, until memory ran out).
func TestDecodeServiceBlockHugeCount(t *testing.T) {
	block := []byte{
		0, 0, 0, 0, // name and ARN bytes, references, key references
		0,       // no local keys
		1,       // one resource type
		1, 0, 0, // its name (the service ARN prefix), no ARN formats
		0,    // no condition keys
		1,    // one action
		1, 0, // its name
	}
	block = binary.AppendUvarint(block, 1<<20<<4) // access level 0, 2^20 references
	if err := iamdata.DecodeServiceBlock(string(block)); err != nil {
		t.Logf("decode error (expected): %v", err)
	} else {
		t.Fatal("a block with missing references decoded")
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	iamdata.DecodeServiceBlock(string(block))
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<10 {
		t.Errorf("decoding a %d-byte corrupt block allocated %d bytes", len(block), got)
	}
}
