package dev.rats.evidence.tdx.collateral;

import java.util.Optional;

/**
 * One entry of {@code sgxtcbcomponents} or {@code tdxtcbcomponents} in TCB Info v3 (tdx.md §3.2):
 * {@code {"svn":n,"category"?,"type"?}}.
 *
 * @param svn the component SVN, 0..255
 * @param category e.g. "BIOS", "OS/VMM"
 * @param type e.g. "TDX Module", "TDX Late Microcode Update"
 */
public record TcbComponent(int svn, Optional<String> category, Optional<String> type) {
}
