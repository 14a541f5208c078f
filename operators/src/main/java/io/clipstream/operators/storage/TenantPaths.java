package io.clipstream.operators.storage;

import java.io.Serializable;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a tenant's objects live, and the check that keeps each tenant inside its own prefix.
 *
 * <p>Uploads must sit under {@code {uploadsRoot}{tenantId}/}; work artifacts and clips are written
 * under {@code {workRoot}{tenantId}/{videoId}/} and {@code
 * {clipsRoot}{tenantId}/{videoId}/{clipId}/{aspect}.mp4}, so keys are deterministic and a replay
 * overwrites instead of duplicating.
 */
public final class TenantPaths implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String uploadsRoot;
    private final String workRoot;
    private final String clipsRoot;
    private final String archiveTenant;
    private final String archivePrefix;

    public TenantPaths(String uploadsRoot, String workRoot, String clipsRoot) {
        this(uploadsRoot, workRoot, clipsRoot, null, null);
    }

    private TenantPaths(
            String uploadsRoot,
            String workRoot,
            String clipsRoot,
            String archiveTenant,
            String archivePrefix) {
        this.uploadsRoot = withSlash(uploadsRoot);
        this.workRoot = withSlash(workRoot);
        this.clipsRoot = withSlash(clipsRoot);
        this.archiveTenant = archiveTenant;
        this.archivePrefix = archivePrefix;
    }

    /**
     * These paths with one more place the tenant may read: an archive (a directory, an object
     * prefix or one file) that a batch run was told belongs to the tenant. Nothing above or beside
     * it becomes readable.
     */
    public TenantPaths withArchive(String tenantId, String prefix) {
        String p = canonical(URI.create(prefix).normalize().toString());
        return new TenantPaths(uploadsRoot, workRoot, clipsRoot, tenantId, p);
    }

    private static String withSlash(String root) {
        return root.endsWith("/") ? root : root + "/";
    }

    /** Whether an id is safe to use as one path element. */
    public static boolean isSafeId(String id) {
        return id != null && SAFE_ID.matcher(id).matches() && !id.contains("..");
    }

    /**
     * Why the source URI may not be read by the tenant, or null when it may. The URI is normalised
     * first, so {@code ..} segments cannot climb out of the prefix.
     */
    public String violation(String tenantId, String sourceUri) {
        if (!isSafeId(tenantId)) {
            return "tenantId '" + tenantId + "' is not a valid identifier";
        }
        String prefix = canonical(uploadsRoot + tenantId + "/");
        URI uri;
        try {
            uri = URI.create(sourceUri).normalize();
        } catch (IllegalArgumentException e) {
            return "sourceUri is not a valid URI: " + e.getMessage();
        }
        String normalised = canonical(uri.toString());
        if (normalised.contains("..") || sourceUri.toLowerCase(Locale.ROOT).contains("%2e%2e")) {
            return "sourceUri must not contain '..'";
        }
        if (tenantId.equals(archiveTenant) && inArchive(normalised)) {
            return null;
        }
        if (!sameScheme(normalised, prefix) || !normalised.startsWith(prefix)) {
            return "sourceUri "
                    + sourceUri
                    + " is outside tenant "
                    + tenantId
                    + "'s prefix "
                    + prefix;
        }
        return null;
    }

    /** {@code file:///x} and {@code file:/x} name the same file; compare them alike. */
    private static String canonical(String uri) {
        return uri.startsWith("file:///") ? "file:/" + uri.substring("file:///".length()) : uri;
    }

    private boolean inArchive(String normalised) {
        return normalised.equals(archivePrefix)
                || normalised.startsWith(
                        archivePrefix.endsWith("/") ? archivePrefix : archivePrefix + "/");
    }

    private static boolean sameScheme(String a, String b) {
        int ia = a.indexOf(':');
        int ib = b.indexOf(':');
        return ia > 0 && ib > 0 && a.substring(0, ia).equalsIgnoreCase(b.substring(0, ib));
    }

    public String uploadUri(String tenantId, String videoId, String fileName) {
        return uploadsRoot + tenantId + "/" + videoId + "/" + fileName;
    }

    public String audioUri(String tenantId, String videoId) {
        return workRoot + tenantId + "/" + videoId + "/audio-16k.wav";
    }

    /** The analysis's findings about the whole video, which its report draws. */
    public String timelineUri(String tenantId, String videoId) {
        return workRoot + tenantId + "/" + videoId + "/timeline.json";
    }

    public String clipUri(String tenantId, String videoId, String clipId, String aspect) {
        return clipsRoot
                + tenantId
                + "/"
                + videoId
                + "/"
                + clipId
                + "/"
                + aspect.replace(':', 'x')
                + ".mp4";
    }

    /** A file beside a clip's videos (its subtitles), {@code name} a plain file name. */
    public String clipFileUri(String tenantId, String videoId, String clipId, String name) {
        return clipsRoot + tenantId + "/" + videoId + "/" + clipId + "/" + name;
    }

    /** A file about the whole video beside its clips (its report). */
    public String videoFileUri(String tenantId, String videoId, String name) {
        return clipsRoot + tenantId + "/" + videoId + "/" + name;
    }

    public String uploadsRoot() {
        return uploadsRoot;
    }

    public String workRoot() {
        return workRoot;
    }

    public String clipsRoot() {
        return clipsRoot;
    }
}
