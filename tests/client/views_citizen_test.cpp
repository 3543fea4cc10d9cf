// Page views, drawn headless over prepared states (filled in with the pages).
#include "a11y_harness.hpp"
