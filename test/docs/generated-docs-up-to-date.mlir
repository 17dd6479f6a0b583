// The committed reference docs match what mlir-tblgen generates from the ODS
// (regenerate with `ninja -C build glu-doc`).
// RUN: diff %glu_obj_root/docs/Dialects/GluDialect.md %glu_src_root/docs/generated/Dialects/GluDialect.md
// RUN: diff %glu_obj_root/docs/GluConversionPasses.md %glu_src_root/docs/generated/GluConversionPasses.md
// RUN: diff %glu_obj_root/docs/GluTransformsPasses.md %glu_src_root/docs/generated/GluTransformsPasses.md
