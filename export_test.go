package munireg

// SelectFirst exposes selectFirst to the tests of package munireg_test.
var SelectFirst = selectFirst
