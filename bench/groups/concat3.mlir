// torch: cat([x * y, x + y, relu(x - y)], dim=1)
fuser.group @concat3(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.sub %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.relu %2 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %4 = fuser.concat %0, %1, %3 along 1 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  fuser.yield %4 : tensor<?x?xf32>
}
