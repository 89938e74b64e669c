// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/inventory/InventoryLog.h"

namespace quince::inventory {

Q_LOGGING_CATEGORY(lcInventory, "quince.inventory")

} // namespace quince::inventory
