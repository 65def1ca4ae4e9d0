<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>targetdesk::gui::TargetListPanel</name>
    <message numerus="yes">
        <location filename="../app/gui/targetlistpanel.cpp" line="220"/>
        <source>Showing %1 of %Ln target(s)</source>
        <translation>
            <numerusform>Showing %1 of %Ln target</numerusform>
            <numerusform>Showing %1 of %Ln targets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/targetlistpanel.cpp" line="221"/>
        <source>%Ln target(s)</source>
        <translation>
            <numerusform>%Ln target</numerusform>
            <numerusform>%Ln targets</numerusform>
        </translation>
    </message>
</context>
</TS>
