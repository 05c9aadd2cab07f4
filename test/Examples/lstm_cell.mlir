// RUN: fuser-opt %examples/lstm_cell.mlir | fuser-opt | FileCheck %s --check-prefix=PARSE
// RUN: fuser-opt %examples/lstm_cell.mlir -canonicalize | FileCheck %s
// RUN: fuser-opt %examples/lstm_cell.mlir -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=f16,f16,f16,f16}))' | FileCheck %s --check-prefix=F16

// The LSTM cell example parses, verifies and round-trips as written.
// PARSE-LABEL: fuser.group @lstm_cell(
// PARSE:         fuser.chunk %{{.+}} into 4 along -1 : tensor<?xf32>
// PARSE:         fuser.yield

// After canonicalisation: three chunks of the group arguments, each along a
// non-negative dim, the bias additions, the gate activations and the cell
// update, with the two results hy and cy.

// CHECK-LABEL: fuser.group @lstm_cell(
// CHECK-SAME:      %[[GATES:[a-z0-9_]+]]: tensor<?x?xf32>, %[[BIH:[a-z0-9_]+]]: tensor<?xf32>, %[[BHH:[a-z0-9_]+]]: tensor<?xf32>, %[[CX:[a-z0-9_]+]]: tensor<?x?xf32>)
// CHECK-SAME:      -> (tensor<?x?xf32>, tensor<?x?xf32>)
// CHECK-NEXT:    %[[G:.+]]:4 = fuser.chunk %[[GATES]] into 4 along 1 : tensor<?x?xf32>
// CHECK-NEXT:    %[[BI:.+]]:4 = fuser.chunk %[[BIH]] into 4 along 0 : tensor<?xf32>
// CHECK-NEXT:    %[[BH:.+]]:4 = fuser.chunk %[[BHH]] into 4 along 0 : tensor<?xf32>
// CHECK-NEXT:    %[[AI0:.+]] = fuser.add %[[G]]#0, %[[BI]]#0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[AI:.+]] = fuser.add %[[AI0]], %[[BH]]#0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[AF0:.+]] = fuser.add %[[G]]#1, %[[BI]]#1
// CHECK-NEXT:    %[[AF:.+]] = fuser.add %[[AF0]], %[[BH]]#1
// CHECK-NEXT:    %[[AG0:.+]] = fuser.add %[[G]]#2, %[[BI]]#2
// CHECK-NEXT:    %[[AG:.+]] = fuser.add %[[AG0]], %[[BH]]#2
// CHECK-NEXT:    %[[AO0:.+]] = fuser.add %[[G]]#3, %[[BI]]#3
// CHECK-NEXT:    %[[AO:.+]] = fuser.add %[[AO0]], %[[BH]]#3
// CHECK-NEXT:    %[[I:.+]] = fuser.sigmoid %[[AI]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[F:.+]] = fuser.sigmoid %[[AF]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[GG:.+]] = fuser.tanh %[[AG]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[O:.+]] = fuser.sigmoid %[[AO]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[FC:.+]] = fuser.mul %[[F]], %[[CX]] : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[IG:.+]] = fuser.mul %[[I]], %[[GG]] : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[CY:.+]] = fuser.add %[[FC]], %[[IG]] : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[TC:.+]] = fuser.tanh %[[CY]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[HY:.+]] = fuser.mul %[[O]], %[[TC]] : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    fuser.yield %[[HY]], %[[CY]] : tensor<?x?xf32>, tensor<?x?xf32>
// CHECK-NEXT:  }

// Specialised for f16, every value and both results are f16.

// F16-LABEL: fuser.group @lstm_cell(
// F16-SAME:      tensor<?x?xf16>, %{{.+}}: tensor<?xf16>, %{{.+}}: tensor<?xf16>, %{{.+}}: tensor<?x?xf16>)
// F16-SAME:      -> (tensor<?x?xf16>, tensor<?x?xf16>)
// F16-NOT:       f32
// F16:           fuser.yield %{{.+}}, %{{.+}} : tensor<?x?xf16>, tensor<?x?xf16>
