#pragma once
// Transitional: the pages include "i18n.hpp"; the header is public for the tests.
#include "einblick/client/views/i18n.hpp"
