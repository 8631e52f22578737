/**
 * The {@code gantry.dev/v1alpha1} API: custom resource classes, their spec and status. These
 * classes carry only data and schema annotations; the CRD YAML under {@code crds/} is generated
 * from them.
 *
 * <p>Spec and status types are plain classes with public fields rather than records or beans: the
 * Fabric8 CRD generator reads schema annotations from both a field and its accessor, so a record
 * component's CEL rules would appear twice in the CRD. Fields are the single source of the schema.
 */
package dev.gantry.api.v1alpha1;
