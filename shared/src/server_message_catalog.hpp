#pragma once
// The table behind english_message (messages.hpp): every German text the server writes into a
// problem (title, detail, field error) with its English text. "{}" stands for a part that
// varies (a number, a name, a code); the parts fill the English "{}" in the same order.

#include "einblick/shared/messages.hpp"

#include <span>

namespace einblick::detail {

using MessageEntry = MessageTemplate;

std::span<const MessageEntry> server_message_catalog();

} // namespace einblick::detail
