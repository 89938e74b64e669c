// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/mdm/CommandQueueTypes.h"

#include <array>
#include <utility>

namespace quince::mdm {

namespace {

constexpr std::array<std::pair<CommandStatus, const char*>, 4> kStatusNames {{
    {CommandStatus::Acknowledged, "Acknowledged"},
    {CommandStatus::Error, "Error"},
    {CommandStatus::CommandFormatError, "CommandFormatError"},
    {CommandStatus::NotNow, "NotNow"},
}};

constexpr std::array<std::pair<QueueState, const char*>, 9> kStateNames {{
    {QueueState::PendingApproval, "pending_approval"},
    {QueueState::Queued, "queued"},
    {QueueState::Sent, "sent"},
    {QueueState::NotNow, "not_now"},
    {QueueState::Acknowledged, "acknowledged"},
    {QueueState::Error, "error"},
    {QueueState::FormatError, "format_error"},
    {QueueState::Canceled, "canceled"},
    {QueueState::Expired, "expired"},
}};

} // namespace

QString commandStatusName(CommandStatus status)
{
    for (const auto& [value, name] : kStatusNames) {
        if (value == status)
            return QString::fromLatin1(name);
    }
    return QString();
}

std::optional<CommandStatus> commandStatusFromName(const QString& name)
{
    for (const auto& [value, text] : kStatusNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString queueStateName(QueueState state)
{
    for (const auto& [value, name] : kStateNames) {
        if (value == state)
            return QString::fromLatin1(name);
    }
    return QString();
}

std::optional<QueueState> queueStateFromName(const QString& name)
{
    for (const auto& [value, text] : kStateNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

bool isFinal(QueueState state)
{
    switch (state) {
    case QueueState::PendingApproval:
    case QueueState::Queued:
    case QueueState::Sent:
    case QueueState::NotNow:
        return false;
    case QueueState::Acknowledged:
    case QueueState::Error:
    case QueueState::FormatError:
    case QueueState::Canceled:
    case QueueState::Expired:
        return true;
    }
    return true;
}

} // namespace quince::mdm
