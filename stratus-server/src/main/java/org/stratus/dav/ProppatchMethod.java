package org.stratus.dav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.w3c.dom.Element;

/**
 * PROPPATCH: sets and removes dead properties atomically, in document order (RFC 4918 section 9.2). A change to a
 * protected live property fails with 403 and every other instruction with 424, and nothing changes. Setting
 * {@code DAV:lastmodified} changes the modification time, as Nextcloud allows.
 */
final class ProppatchMethod implements DavMethod {

    private static final PropertyName LASTMODIFIED = PropertyName.dav("lastmodified");

    private record Instruction(boolean set, PropertyName name, String value) {}

    private final FileService files;
    private final DeadPropertyRepository deadProperties;
    private final DavPreconditions preconditions;
    private final int maxXmlBytes;

    ProppatchMethod(FileService files, DeadPropertyRepository deadProperties, DavPreconditions preconditions,
            int maxXmlBytes) {
        this.files = files;
        this.deadProperties = deadProperties;
        this.preconditions = preconditions;
        this.maxXmlBytes = maxXmlBytes;
    }

    @Override
    public String name() {
        return "PROPPATCH";
    }

    @Override
    public void handle(DavRequest request) throws IOException {
        byte[] body = request.readXmlBody(maxXmlBytes);
        if (body.length == 0) {
            throw new StratusException(ErrorCode.MALFORMED_XML, "PROPPATCH needs a propertyupdate body");
        }
        List<Instruction> instructions = parse(DavXml.requireRoot(DavXml.parse(body), "propertyupdate"));
        List<PropertyName> forbidden = instructions.stream().map(Instruction::name)
                .filter(name -> LiveProperties.isLive(name)
                        || (DavXml.DAV.equals(name.namespace()) && !name.equals(LASTMODIFIED)))
                .toList();
        Node node = files.require(request.user(), request.location().path());
        if (forbidden.isEmpty()) {
            files.inWriteTransaction(request.user(), request.location().path(), current -> {
                preconditions.forWrite(request, false, false).check(current);
                Node target = current.orElseThrow(() -> new StratusException(ErrorCode.NOT_FOUND));
                for (Instruction instruction : instructions) {
                    apply(request, target, instruction);
                }
                return null;
            });
        }
        var response = request.response();
        response.setStatus(207);
        request.xmlContentType();
        MultistatusWriter writer = new MultistatusWriter(response.getOutputStream());
        writer.startResponse(request.location().href(node.path(), node.isDir()));
        if (forbidden.isEmpty()) {
            writer.startPropstat();
            for (Instruction instruction : instructions) {
                writer.property(instruction.name(), "");
            }
            writer.endPropstat(200);
        } else {
            writer.startPropstat();
            for (PropertyName name : forbidden) {
                writer.property(name, "");
            }
            writer.endPropstat(403);
            List<Instruction> others = instructions.stream().filter(i -> !forbidden.contains(i.name())).toList();
            if (!others.isEmpty()) {
                writer.startPropstat();
                for (Instruction instruction : others) {
                    writer.property(instruction.name(), "");
                }
                writer.endPropstat(424);
            }
        }
        writer.endResponse();
        writer.finish();
    }

    private void apply(DavRequest request, Node target, Instruction instruction) {
        if (instruction.name().equals(LASTMODIFIED)) {
            if (instruction.set()) {
                String text = instruction.value().replaceAll("<[^>]*>", "").trim();
                Optional<Long> mtime = text.matches("\\d+") ? Optional.of(Long.parseLong(text))
                        : DavPreconditions.parseDate(text);
                files.setMtime(request.user(), target, mtime.orElseThrow(() ->
                        new StratusException(ErrorCode.BAD_REQUEST, "lastmodified must be a date or seconds")));
            }
            return;
        }
        if (instruction.set()) {
            deadProperties.set(target.id(), instruction.name(), instruction.value());
        } else {
            deadProperties.remove(target.id(), instruction.name());
        }
    }

    private static List<Instruction> parse(Element update) {
        List<Instruction> instructions = new ArrayList<>();
        for (Element action : DavXml.childElements(update)) {
            boolean set = DavXml.is(action, DavXml.DAV, "set");
            if (!set && !DavXml.is(action, DavXml.DAV, "remove")) {
                continue;
            }
            for (Element prop : DavXml.childElements(action)) {
                if (!DavXml.is(prop, DavXml.DAV, "prop")) {
                    continue;
                }
                for (Element property : DavXml.childElements(prop)) {
                    instructions.add(new Instruction(set, PropertyName.of(property),
                            set ? DavXml.serializeContent(property) : null));
                }
            }
        }
        if (instructions.isEmpty()) {
            throw new StratusException(ErrorCode.MALFORMED_XML, "propertyupdate contains no set or remove");
        }
        return instructions;
    }
}
