package org.stratus.dav;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.stratus.error.ErrorCode;
import org.stratus.error.StratusException;
import org.stratus.files.FilePath;
import org.stratus.files.FileService;
import org.stratus.files.Node;
import org.stratus.identity.InstanceIdentity;
import org.stratus.locks.ActiveLock;
import org.stratus.locks.LockService;
import org.w3c.dom.Element;

/**
 * PROPFIND with Depth 0 or 1. A missing Depth is treated as 1 (as Nextcloud does); an explicit infinity is refused
 * with {@code propfind-finite-depth}: on a big tree it would be a denial of service.
 */
final class PropfindMethod implements DavMethod {

    private enum Mode { PROP, ALLPROP, PROPNAME }

    private final FileService files;
    private final LockService locks;
    private final DeadPropertyRepository deadProperties;
    private final InstanceIdentity identity;
    private final int maxXmlBytes;

    PropfindMethod(FileService files, LockService locks, DeadPropertyRepository deadProperties,
            InstanceIdentity identity, int maxXmlBytes) {
        this.files = files;
        this.locks = locks;
        this.deadProperties = deadProperties;
        this.identity = identity;
        this.maxXmlBytes = maxXmlBytes;
    }

    @Override
    public String name() {
        return "PROPFIND";
    }

    @Override
    public void handle(DavRequest request) throws IOException {
        int depth = request.depth(1);
        if (depth < 0) {
            throw new StratusException(ErrorCode.FINITE_DEPTH_REQUIRED);
        }
        byte[] body = request.readXmlBody(maxXmlBytes);
        Mode mode = Mode.ALLPROP;
        Set<PropertyName> requested = new LinkedHashSet<>();
        if (body.length > 0) {
            Element root = DavXml.requireRoot(DavXml.parse(body), "propfind");
            List<Element> children = DavXml.childElements(root);
            if (children.isEmpty()) {
                throw new StratusException(ErrorCode.MALFORMED_XML, "propfind needs prop, allprop or propname");
            }
            Element first = children.get(0);
            if (DavXml.is(first, DavXml.DAV, "prop")) {
                mode = Mode.PROP;
                for (Element property : DavXml.childElements(first)) {
                    requested.add(PropertyName.of(property));
                }
            } else if (DavXml.is(first, DavXml.DAV, "propname")) {
                mode = Mode.PROPNAME;
            } else if (!DavXml.is(first, DavXml.DAV, "allprop")) {
                throw new StratusException(ErrorCode.MALFORMED_XML, "propfind needs prop, allprop or propname");
            }
        }

        Node target = request.requireTarget(files);
        List<Node> nodes = new ArrayList<>();
        nodes.add(target);
        if (depth == 1) {
            nodes.addAll(files.children(target));
        }
        boolean needsDead = mode != Mode.PROP || requested.stream().anyMatch(name -> !LiveProperties.isLive(name));
        Map<Long, Map<PropertyName, String>> dead =
                needsDead ? deadProperties.load(nodes.stream().map(Node::id).toList()) : Map.of();
        DavLocation location = request.location();
        // One lock query for the whole response (not one per entry): every live lock on the target, on an ancestor
        // or below it; each entry keeps those that cover it. Same for the folders that lock roots name.
        List<ActiveLock> treeLocks = !needsLockDiscovery(mode, requested) ? List.of()
                : depth == 0 ? locks.covering(request.user().id(), target.path())
                : locks.coveringOrBelow(request.user().id(), target.path());
        Map<FilePath, Boolean> folders = new HashMap<>();
        for (Node node : nodes) {
            folders.put(node.path(), node.isDir());
        }
        LiveProperties.Context context = new LiveProperties.Context(identity,
                usage(request, target),
                request.user().username(), request.user().displayName(),
                node -> treeLocks.stream().filter(lock -> lock.covers(node.path())).toList(),
                lock -> location.href(lock.root(),
                        folders.computeIfAbsent(lock.root(), root -> isFolder(request, root))));

        var response = request.response();
        response.setStatus(207);
        request.xmlContentType();
        MultistatusWriter writer = new MultistatusWriter(response.getOutputStream());
        for (Node node : nodes) {
            writer.startResponse(location.href(node.path(), node.isDir()));
            Map<PropertyName, String> nodeDead = dead.getOrDefault(node.id(), Map.of());
            switch (mode) {
                case PROPNAME -> {
                    writer.startPropstat();
                    for (PropertyName name : LiveProperties.names()) {
                        if (LiveProperties.value(name, node, context) != null) {
                            writer.property(name, "");
                        }
                    }
                    for (PropertyName name : nodeDead.keySet()) {
                        writer.property(name, "");
                    }
                    writer.endPropstat(200);
                }
                case ALLPROP -> {
                    writer.startPropstat();
                    for (PropertyName name : LiveProperties.ALLPROP) {
                        String value = LiveProperties.value(name, node, context);
                        if (value != null) {
                            writer.property(name, value);
                        }
                    }
                    for (Map.Entry<PropertyName, String> entry : nodeDead.entrySet()) {
                        writer.property(entry.getKey(), entry.getValue());
                    }
                    writer.endPropstat(200);
                }
                case PROP -> writeRequested(writer, requested, node, nodeDead, context);
            }
            writer.endResponse();
        }
        writer.finish();
    }

    private static void writeRequested(MultistatusWriter writer, Set<PropertyName> requested, Node node,
            Map<PropertyName, String> dead, LiveProperties.Context context) throws IOException {
        List<PropertyName> missing = new ArrayList<>();
        boolean open = false;
        for (PropertyName name : requested) {
            String value = LiveProperties.isLive(name) ? LiveProperties.value(name, node, context) : dead.get(name);
            if (value == null) {
                missing.add(name);
                continue;
            }
            if (!open) {
                writer.startPropstat();
                open = true;
            }
            writer.property(name, value);
        }
        if (open) {
            writer.endPropstat(200);
        }
        if (!missing.isEmpty()) {
            writer.startPropstat();
            for (PropertyName name : missing) {
                writer.property(name, "");
            }
            writer.endPropstat(404);
        }
    }

    private static boolean needsLockDiscovery(Mode mode, Set<PropertyName> requested) {
        return mode != Mode.PROP || requested.contains(LiveProperties.LOCKDISCOVERY);
    }

    /** The user's usage, read once and only if a property needs it; the root's size when the target is the root. */
    private Supplier<FileService.Usage> usage(DavRequest request, Node target) {
        if (target.path().isRoot()) {
            FileService.Usage usage = new FileService.Usage(target.size(), request.user().quotaBytes());
            return () -> usage;
        }
        FileService.Usage[] memo = new FileService.Usage[1];
        return () -> {
            if (memo[0] == null) {
                memo[0] = files.usage(request.user());
            }
            return memo[0];
        };
    }

    private boolean isFolder(DavRequest request, FilePath path) {
        return files.find(request.user(), path).map(Node::isDir).orElse(false);
    }
}
