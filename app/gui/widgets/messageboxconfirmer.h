#pragma once

#include "widgets/confirmer.h"

namespace targetdesk::gui
{

// The Confirmer of the running application: a QMessageBox per prompt.
class MessageBoxConfirmer : public Confirmer
{
public:
    bool confirm(QWidget *parent, const Prompt &prompt) override;
    void inform(QWidget *parent, const Prompt &prompt) override;
};

} // namespace targetdesk::gui
