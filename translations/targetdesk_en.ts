<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CheckEngine</name>
    <message numerus="yes">
        <location filename="../lib/checks/checkengine.cpp" line="137"/>
        <source>The active key %1 expires on %2, in %n day(s).</source>
        <translation>
            <numerusform>The active key %1 expires on %2, in %n day.</numerusform>
            <numerusform>The active key %1 expires on %2, in %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk-cli</name>
    <message numerus="yes">
        <location filename="../app/cli/executions/executionlistcommand.cpp" line="133"/>
        <source>%n execution(s)
</source>
        <translation>
            <numerusform>%n execution
</numerusform>
            <numerusform>%n executions
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::JsonTreeModel</name>
    <message numerus="yes">
        <location filename="../lib/model/jsontreemodel.cpp" line="322"/>
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../lib/model/jsontreemodel.cpp" line="324"/>
        <source>%n element(s)</source>
        <translation>
            <numerusform>%n element</numerusform>
            <numerusform>%n elements</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::auth::ConnectionTest</name>
    <message numerus="yes">
        <location filename="../lib/api/auth/connectiontest.cpp" line="166"/>
        <source>%n target(s)</source>
        <translation>
            <numerusform>%n target</numerusform>
            <numerusform>%n targets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::AuditLogView</name>
    <message numerus="yes">
        <location filename="../app/gui/keys/auditlogview.cpp" line="128"/>
        <source>%n entry(s) in %1</source>
        <translation>
            <numerusform>%n entry in %1</numerusform>
            <numerusform>%n entries in %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/keys/auditlogview.cpp" line="130"/>
        <source>Showing %1 of %n entry(s) in %2</source>
        <translation>
            <numerusform>Showing %1 of %n entry in %2</numerusform>
            <numerusform>Showing %1 of %n entries in %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ChecksPanel</name>
    <message numerus="yes">
        <location filename="../app/gui/executions/checkspanel.cpp" line="99"/>
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n problem</numerusform>
            <numerusform>%n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/checkspanel.cpp" line="130"/>
        <source>, %n note(s)</source>
        <translation>
            <numerusform>, %n note</numerusform>
            <numerusform>, %n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::DeleteTargetsCommand</name>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="113"/>
        <source>ZITADEL also removes it from the %n execution(s) listed above; they stop calling it. This cannot be undone.</source>
        <translation>
            <numerusform>ZITADEL also removes it from the execution listed above, which stops calling it. This cannot be undone.</numerusform>
            <numerusform>ZITADEL also removes it from the %n executions listed above; they stop calling it. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="121"/>
        <source>Delete %Ln target(s)?</source>
        <translation>
            <numerusform>Delete %Ln target?</numerusform>
            <numerusform>Delete %Ln targets?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="125"/>
        <source>Delete %Ln Target(s)</source>
        <translation>
            <numerusform>Delete %Ln Target</numerusform>
            <numerusform>Delete %Ln Targets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/commands/deletetargetscommand.cpp" line="130"/>
        <source>%1, %2, %3 and %Ln more.</source>
        <translation>
            <numerusform>%1, %2, %3 and %Ln more.</numerusform>
            <numerusform>%1, %2, %3 and %Ln more.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ExecutionEditor</name>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="375"/>
        <source>ZITADEL would have %n problem(s) with this execution:</source>
        <translation>
            <numerusform>ZITADEL would have %n problem with this execution:</numerusform>
            <numerusform>ZITADEL would have %n problems with this execution:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="452"/>
        <source>Saved %1; ZITADEL calls %n target(s) in this order.</source>
        <translation>
            <numerusform>Saved %1; ZITADEL calls %n target in this order.</numerusform>
            <numerusform>Saved %1; ZITADEL calls %n targets in this order.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="582"/>
        <source>Handles %1 of the %n call(s) it matches</source>
        <translation>
            <numerusform>Handles %1 of the %n call it matches</numerusform>
            <numerusform>Handles %1 of the %n calls it matches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="587"/>
        <source> and %n more</source>
        <translation>
            <numerusform> and %n more</numerusform>
            <numerusform> and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executioneditor.cpp" line="600"/>
        <source>%1 (%n call(s))</source>
        <translation>
            <numerusform>%1 (%n call)</numerusform>
            <numerusform>%1 (%n calls)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ExecutionMap</name>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionmap.cpp" line="151"/>
        <source>%1 · %n condition(s)</source>
        <translation>
            <numerusform>%1 · %n condition</numerusform>
            <numerusform>%1 · %n conditions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionmap.cpp" line="166"/>
        <source>calls %n target(s) in order</source>
        <translation>
            <numerusform>calls %n target</numerusform>
            <numerusform>calls %n targets in order</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ExecutionsWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="460"/>
        <source>%n execution(s)</source>
        <translation>
            <numerusform>%n execution</numerusform>
            <numerusform>%n executions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/executions/executionsworkspace.cpp" line="461"/>
        <source>%1 of %n execution(s) shown</source>
        <translation>
            <numerusform>%1 of %n execution shown</numerusform>
            <numerusform>%1 of %n executions shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::KeyPanel</name>
    <message numerus="yes">
        <location filename="../app/gui/keys/keypanel.cpp" line="436"/>
        <source>%n key(s)</source>
        <translation>
            <numerusform>%n key</numerusform>
            <numerusform>%n keys</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ListenView</name>
    <message numerus="yes">
        <location filename="../app/gui/inspector/listenview.cpp" line="209"/>
        <source>Listening on %1 — %Ln received.</source>
        <translation>
            <numerusform>Listening on %1 — %Ln delivery received.</numerusform>
            <numerusform>Listening on %1 — %Ln deliveries received.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::ProfilesDialog</name>
    <message numerus="yes">
        <location filename="../app/gui/connections/profilesdialog.cpp" line="614"/>
        <source>%n certificate(s)</source>
        <translation>
            <numerusform>%n certificate</numerusform>
            <numerusform>%n certificates</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::SecretField</name>
    <message numerus="yes">
        <location filename="../app/gui/widgets/secretfield.cpp" line="36"/>
        <source>Copy to the clipboard; it is cleared again after %n second(s)</source>
        <translation>
            <numerusform>Copy to the clipboard; it is cleared again after %n second</numerusform>
            <numerusform>Copy to the clipboard; it is cleared again after %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::SigningKeyDialog</name>
    <message numerus="yes">
        <location filename="../app/gui/targets/signingkeydialog.cpp" line="62"/>
        <source>You can show it again in the target&apos;s details. Copied keys are removed from the clipboard after %n second(s).</source>
        <translation>
            <numerusform>You can show it again in the target&apos;s details. Copied keys are removed from the clipboard after %n second.</numerusform>
            <numerusform>You can show it again in the target&apos;s details. Copied keys are removed from the clipboard after %n seconds.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetEditor</name>
    <message numerus="yes">
        <location filename="../app/gui/targets/targeteditor.cpp" line="405"/>
        <source>%Ln target(s) selected</source>
        <translation>
            <numerusform>%Ln target selected</numerusform>
            <numerusform>%Ln targets selected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targeteditor.cpp" line="684"/>
        <source>No active key (%Ln inactive).</source>
        <translation>
            <numerusform>No active key (%Ln inactive).</numerusform>
            <numerusform>No active key (%Ln inactive).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targeteditor.cpp" line="761"/>
        <source>ZITADEL answered the save but did not change %n field(s); the form shows what it holds now:</source>
        <translation>
            <numerusform>ZITADEL answered the save but did not change %n field; the form shows what it holds now:</numerusform>
            <numerusform>ZITADEL answered the save but did not change %n fields; the form shows what it holds now:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetExecutionsView</name>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetexecutionsview.cpp" line="149"/>
        <source>%1
Calls %n target(s) in order</source>
        <translation>
            <numerusform>%1
Calls %n target in order</numerusform>
            <numerusform>%1
Calls %n targets in order</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetListPanel</name>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="443"/>
        <source>Showing %1 of %Ln target(s)</source>
        <translation>
            <numerusform>Showing %1 of %Ln target</numerusform>
            <numerusform>Showing %1 of %Ln targets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetlistpanel.cpp" line="444"/>
        <source>%Ln target(s)</source>
        <translation>
            <numerusform>%Ln target</numerusform>
            <numerusform>%Ln targets</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::gui::TargetWorkspace</name>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="191"/>
        <source>&amp;Delete %Ln Targets…</source>
        <translation>
            <numerusform>&amp;Delete %Ln Target…</numerusform>
            <numerusform>&amp;Delete %Ln Targets…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="200"/>
        <source>Delete %Ln Targets…</source>
        <translation>
            <numerusform>Delete %Ln Target…</numerusform>
            <numerusform>Delete %Ln Targets…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="486"/>
        <source>%Ln target(s) could not be deleted:</source>
        <translation>
            <numerusform>One target could not be deleted:</numerusform>
            <numerusform>%Ln targets could not be deleted:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="490"/>
        <source>The other %Ln target(s) were deleted.</source>
        <translation>
            <numerusform>The other target was deleted.</numerusform>
            <numerusform>The other %Ln targets were deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="493"/>
        <source>Stopped after deleting %Ln target(s).</source>
        <translation>
            <numerusform>Stopped after deleting %Ln target.</numerusform>
            <numerusform>Stopped after deleting %Ln targets.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targets/targetworkspace.cpp" line="495"/>
        <source>Deleted %Ln target(s).</source>
        <translation>
            <numerusform>Deleted %Ln target.</numerusform>
            <numerusform>Deleted %Ln targets.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>targetdesk::vault</name>
    <message numerus="yes">
        <location filename="../lib/vault/keychain.cpp" line="112"/>
        <source>The keychain did not answer within %n s; it may be locked and waiting for its password. Unlock it (or answer its prompt) and try again.</source>
        <translation>
            <numerusform>The keychain did not answer within %n s; it may be locked and waiting for its password. Unlock it (or answer its prompt) and try again.</numerusform>
            <numerusform>The keychain did not answer within %n s; it may be locked and waiting for its password. Unlock it (or answer its prompt) and try again.</numerusform>
        </translation>
    </message>
</context>
</TS>
